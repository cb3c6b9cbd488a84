import { z } from 'zod';
import { cents, uuid } from './common';

/**
 * A product is low when its reorder point is set (> 0) and on-hand ≤ reorder point. The suggestion
 * counts what open purchase orders (ordered, partially received) still bring: with
 * position = onHand + onOrder, nothing is suggested while position > reorderPoint; otherwise
 * suggestedQuantity = max(reorderQuantity, reorderPoint − position + 1), i.e. at least one order
 * quantity, and always enough to lift the position above the reorder point.
 */
export const reorderSuggestionItemSchema = z.object({
  productId: uuid(),
  sku: z.string(),
  name: z.string(),
  onHand: z.number().int(),
  reorderPoint: z.number().int(),
  reorderQuantity: z.number().int(),
  onOrder: z.number().int(),
  suggestedQuantity: z.number().int(),
  /** The preferred supplier's unit cost, or the product's cost when the supplier has none. */
  unitCostCents: cents(),
});
export type ReorderSuggestionItem = z.infer<typeof reorderSuggestionItemSchema>;

export const reorderSuggestionGroupSchema = z.object({
  /** The product's preferred (active) supplier; null = no supplier. */
  supplier: z.object({ id: uuid(), name: z.string() }).nullable(),
  items: z.array(reorderSuggestionItemSchema),
  totalQuantity: z.number().int(),
  estimatedCostCents: cents(),
});
export type ReorderSuggestionGroup = z.infer<typeof reorderSuggestionGroupSchema>;

export const reorderSuggestionsSchema = z.object({
  storeId: uuid(),
  generatedAt: z.iso.datetime(),
  groups: z.array(reorderSuggestionGroupSchema),
});
export type ReorderSuggestions = z.infer<typeof reorderSuggestionsSchema>;
