import { ServiceError } from '../../../core/errors';
import { requireIdentityAllows } from '../../../identity/authorize';
import type { IdentityStore } from '../../../identity/identity-store';
import type { Principal } from '../../../identity/principal';
import type { LedgerView } from '../ledger/ledger-view';
import type { ParsedStatement } from '../partiql';

const denied = (message: string) => new ServiceError('AccessDeniedException', message, 400, 'Message');

/** QLDB has no resource-based policies, so nothing could allow a service principal. */
function authorize(identity: IdentityStore, p: Principal, action: string, resource: string): void {
  requireIdentityAllows(identity, p, action, resource, { servicePrincipals: 'deny', deny: denied });
}

/** Every PartiQL command needs qldb:SendCommand on the ledger, in both permissions modes (docs/qldb-partiql.md#permissions-modes). */
export function authorizeSendCommand(identity: IdentityStore, p: Principal, ledgerArn: string): void {
  authorize(identity, p, 'qldb:SendCommand', ledgerArn);
}

/**
 * STANDARD mode: each PartiQL action the statement needs, on each table it names (by table id), on
 * `table/*` for CREATE TABLE or when the table is only known from a parameter, and PartiQLSelect on
 * the catalog for information_schema (docs/qldb-partiql.md#permissions-modes).
 */
export function authorizeStatement(identity: IdentityStore, p: Principal, ledgerArn: string, parsed: ParsedStatement, view: LedgerView): void {
  if (p.kind === 'root') return;
  const tableArn = (tableId: string) => `${ledgerArn}/table/${tableId}`;
  const resources = parsed.tables.map((t) => {
    const tableId = t.tableId ?? (t.name === undefined ? undefined : view.tableByName(t.name)?.tableId);
    return tableArn(parsed.kind === 'create-table' || tableId === undefined ? '*' : tableId);
  });
  const tableActions = parsed.readsCatalog && parsed.tables.length === 0 ? [] : parsed.actions;
  for (const action of tableActions) for (const resource of resources.length ? resources : [tableArn('*')]) authorize(identity, p, action, resource);
  if (parsed.readsCatalog) authorize(identity, p, 'qldb:PartiQLSelect', `${ledgerArn}/information_schema/user_tables`);
}
