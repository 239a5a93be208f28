// Filled by the free-prob work: benchmarks of @spectra/free-prob.
export async function run(): Promise<void> {}
