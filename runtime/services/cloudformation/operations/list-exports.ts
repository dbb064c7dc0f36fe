import type { ListExportsInput, ListExportsOutput } from '@aws-sdk/client-cloudformation';
import { listPage, operation } from '../cloudformation';
import { nextToken } from '../inputs';
import { exportsOf } from '../views';

/** The outputs the stacks export (`Export.Name`), by export name. */
export const listExports = operation<ListExportsInput, ListExportsOutput>({
  name: 'ListExports',
  input: { NextToken: nextToken },
  run(cfn, input) {
    const exports = cfn
      .stacks()
      .flatMap(exportsOf)
      .sort((a, b) => (a.Name < b.Name ? -1 : 1));
    const { items, next } = listPage(exports, (e) => e.Name, input.NextToken);
    return { Exports: items, NextToken: next };
  },
});
