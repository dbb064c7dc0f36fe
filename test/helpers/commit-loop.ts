/**
 * A child process for the crash test: runs the runtime on a data directory and commits documents
 * from four concurrent writers as fast as it can, printing `ack <writer> <n>` after each commit is
 * acknowledged — until it is killed.
 */
import { DescribeLedgerCommand, QLDBClient } from '@aws-sdk/client-qldb';
import { startRuntime } from '../../runtime';
import { createLedger, qldbDriver } from './qldb';
import { clientConfig } from './runtime';

const [dataDir, ledger] = process.argv.slice(2);

async function main(): Promise<void> {
  const runtime = await startRuntime({ port: 0, dataDir });
  const control = new QLDBClient(clientConfig(runtime));
  const exists = await control.send(new DescribeLedgerCommand({ Name: ledger })).then(
    () => true,
    () => false,
  );
  if (!exists) await createLedger(runtime, ledger);
  const driver = qldbDriver(runtime, ledger);
  const tables = await driver.getTableNames();
  if (!tables.includes('Acks')) await driver.executeLambda((txn) => txn.execute('CREATE TABLE Acks'));
  process.stdout.write('ready\n');
  const writer = async (w: number) => {
    for (let n = 0; ; n++) {
      await driver.executeLambda((txn) => txn.execute('INSERT INTO Acks ?', { writer: `${process.pid}-${w}`, n }));
      process.stdout.write(`ack ${process.pid}-${w} ${n}\n`);
    }
  };
  await Promise.all([0, 1, 2, 3].map(writer));
}

main().catch((e) => {
  process.stderr.write(`commit-loop: ${e.stack ?? e}\n`);
  process.exit(1);
});
