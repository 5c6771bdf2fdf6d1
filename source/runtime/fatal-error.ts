/** An error that ends the program with exit code 1 and a message for people. */
export class FatalError extends Error {}
