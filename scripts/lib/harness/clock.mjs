// @ts-check
// Time for the scripts' measurements (monotonic, fractional milliseconds) and waits.

export const now = () => performance.now();

/**
 * @param {number} ms
 * @returns {Promise<void>}
 */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
