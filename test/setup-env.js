// Unit tests turn CDK's built-in WASM template validation off (about 3 s per process); `npm run synth` keeps it on.
process.env.CDK_VALIDATION = 'false';
