import { ServiceError } from '../../../core/errors';

/**
 * QLDB rejects every statement problem with BadRequestException; the message prefix says which phase
 * refused it. The wording follows what QLDB returns (e.g. "Unsupported PartiQL Statement, Errors at: …"
 * for constructs its PartiQL dialect lacks, such as ORDER BY).
 */
export const syntaxError = (line: number, column: number, detail: string) =>
  new ServiceError('BadRequestException', `Syntax error at line ${line}, column ${column}: ${detail}`);

export const unsupported = (construct: string) =>
  new ServiceError('BadRequestException', `Unsupported PartiQL Statement, Errors at: ${construct}`);

export const semanticError = (detail: string) => new ServiceError('BadRequestException', `Semantic Error: ${detail}`);

/** The message QLDB returned to drivers that bound the wrong number of parameters (amazon-qldb-driver-java#34). */
export const parameterCountMismatch = (expected: number, supplied: number) =>
  new ServiceError('BadRequestException', `Query expects ${expected} parameters, but statement has ${supplied}`);

/** A statement nested past what the parser and evaluator recurse over safely (QLDB bounds statement complexity too). */
export const tooDeeplyNested = (limit: number) =>
  new ServiceError('BadRequestException', `Statement too complex: expressions nest deeper than ${limit} levels`);

/** A statement whose evaluation would take more work than one statement may (QLDB bounds statement cost too). */
export const statementTooExpensive = (limit: number, perScannedRow: number) =>
  new ServiceError(
    'BadRequestException',
    `Statement too expensive: it would take more than ${limit} row combinations and expression evaluations (plus ${perScannedRow} per row of its first FROM source); add join conditions or indexed lookups`,
  );
