// Filled by the roots work.
export async function run(): Promise<void> {}
