// Filled by the hessian work: benchmarks of @spectra/hessian.
export async function run(): Promise<void> {}
