import { faultMatrixTests, tierPoints } from './drill-faults.tier';

/** Fault matrix (tier subset): the scenarios that change the ledger's key or alias, and no-access-key. */
faultMatrixTests('drill-faults-sustained', tierPoints(['alias-switch', 're-key', 'no-access-key']));
