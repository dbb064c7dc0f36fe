// The SDK warns once per process that Node 20 support ends in 2027; keydrill supports Node 20 and 22
// deliberately (README), so the warning is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
