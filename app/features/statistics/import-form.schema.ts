import { z } from "zod";

/** The import page's form (strict): one CSV file and the choice to skip invalid lines. */
export const importForm = z.strictObject({
  file: z.instanceof(File).optional(),
  skipInvalid: z.literal("yes").optional(),
});
