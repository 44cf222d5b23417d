// Runs in a fresh `node` per bundle (bench/memory.bench.mts): requires a deployed bundle, hands its
// handler one request, and prints what the process used. Peak RSS is the kernel's high-water mark
// (getrusage), what Lambda reports as "Max Memory Used" less its runtime client; the heap peak is
// sampled every millisecond, so a burst shorter than that can be missed.
const { performance } = require('node:perf_hooks');

let peakHeap = 0;
const sample = () => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};
const mib = (bytes) => bytes / 1024 / 1024;
const started = performance.now();
const bundle = require(process.argv[2]);
const importMs = performance.now() - started;
sample();
const afterImport = { rssMiB: mib(process.resourceUsage().maxRSS * 1024), heapMiB: mib(peakHeap) };
const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'vivified-bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:vivified-bench',
  memoryLimitInMB: '512',
  awsRequestId: 'bench-request',
  logGroupName: '/aws/lambda/vivified-bench',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 30_000,
};
const timer = setInterval(sample, 1);
const requestStarted = performance.now();
Promise.resolve()
  .then(() => bundle.handler(JSON.parse(process.env.PROBE_EVENT ?? '{}'), context))
  .then(
    (result) => ({
      ok: true,
      status: result && typeof result === 'object' ? result.statusCode : undefined,
      // The answer, to say how far the request went and to hand what it created to the next.
      body: typeof result?.body === 'string' ? result.body.slice(0, 2000) : undefined,
    }),
    (error) => ({ ok: false, error: `${error.name}: ${error.message}`.slice(0, 200) }),
  )
  .then((outcome) => {
    const requestMs = performance.now() - requestStarted;
    clearInterval(timer);
    sample();
    process.stdout.write(
      JSON.stringify({
        importMs,
        requestMs,
        afterImport,
        peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
        peakHeapMiB: mib(peakHeap),
        outcome,
      }),
    );
    process.exit(0);
  });
