/** A JPEG that breaks the format: thrown by the readers, caught by the check and the decoders. */
export class Invalid extends Error {}

export const fail = (why: string): never => {
	throw new Invalid(why);
};
