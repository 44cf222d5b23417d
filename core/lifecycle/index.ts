export {
  FAILURE_EVENT_OF,
  FAILURE_EVENTS,
  INSTALLATION_STATES,
  type InstallationState,
  isFailureEvent,
  isRunning,
  isTransitional,
  LIFECYCLE_EVENTS,
  type LifecycleEvent,
  RUNNING_STATES,
  type RunningState,
  type TransitionalState,
} from './states';
export { TRANSITIONS } from './table';
export { assertTransition, legalEvents, type TransitionResult, transition } from './transition';
