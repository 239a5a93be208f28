// Filled by the gemm work.
export async function run(): Promise<void> {}
