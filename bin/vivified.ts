import { App } from 'aws-cdk-lib';
import { composeApp } from '../lib/app';

// Environment-agnostic: account and region come from the CLI profile at deploy time.
composeApp(new App());
