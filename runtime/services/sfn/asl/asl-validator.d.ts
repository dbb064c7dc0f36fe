/** asl-validator 4.0.0 ships no types: its entry point is one function (dist/src/validator.js). */
declare module 'asl-validator' {
  interface ValidationError {
    'Error code': string;
    Message: string;
  }
  function validator(definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }): { isValid: boolean; errors: ValidationError[] };
  export = validator;
}
