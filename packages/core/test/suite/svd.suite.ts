import { defineSuite } from '@spectra/testkit';

// Filled by the svd work.
export default defineSuite('svd', () => {});
