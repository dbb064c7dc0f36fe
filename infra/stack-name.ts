/** The stack's name, apart from infra/app.ts so that reading it does not load aws-cdk-lib (a cached template needs only this). */
export const STACK_NAME = 'Keydrill';
