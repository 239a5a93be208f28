// Filled by the eigen work.
export async function run(): Promise<void> {}
