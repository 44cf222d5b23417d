import { memoryEnvelope } from '../../../adapters/memory/envelope';
import { envelopeContract } from '../../contract/envelope.contract';

envelopeContract('memory', () => ({
  envelope: memoryEnvelope({ dedicatedKeyTenants: ['clinic-dedicated'] }),
  dedicatedTenant: 'clinic-dedicated',
  sharedTenant: 'clinic-shared',
}));
