// Filled by the svd work.
export async function run(): Promise<void> {}
