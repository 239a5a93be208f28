// Filled by the weights work: benchmarks of @spectra/weights.
export async function run(): Promise<void> {}
