import { ean13CheckDigit, isValidEan13 } from '../../../../shared/barcode/ean';
import { normalizeBarcode } from '../../../../shared/barcode/normalize';
import type {
  PRODUCT_UNITS,
  Product,
  SPECIES,
  TAX_CLASSES,
  UpdateProductRequest,
} from '../../../../shared/schemas/catalog';
import type { CreateProductInput } from './api/create-product';
import { formatMoneyInput, parseMoneyInput } from './money-input';

type Species = (typeof SPECIES)[number];

/** What the create/edit form holds: text as typed, converted to the API's shape only on save. */
export type ProductFormValues = {
  sku: string;
  name: string;
  brand: string;
  categoryId: string;
  species: Species[];
  barcodes: string[];
  price: string;
  cost: string;
  taxClass: (typeof TAX_CLASSES)[number];
  unit: (typeof PRODUCT_UNITS)[number];
  active: boolean;
  isLotTracked: boolean;
};

/** Errors keyed by the API's field paths (sku, priceCents, barcodes.1…), so the server's and ours show alike. */
export type FormErrors = Record<string, string>;

export const EMPTY_PRODUCT_FORM: ProductFormValues = {
  sku: '',
  name: '',
  brand: '',
  categoryId: '',
  species: [],
  barcodes: [''],
  price: '',
  cost: '0.00',
  taxClass: 'standard',
  unit: 'each',
  active: true,
  isLotTracked: false,
};

export function formFromProduct(product: Product): ProductFormValues {
  return {
    sku: product.sku,
    name: product.name,
    brand: product.brand,
    categoryId: product.categoryId ?? '',
    species: [...product.species],
    barcodes: product.barcodes.length > 0 ? [...product.barcodes] : [''],
    price: formatMoneyInput(product.priceCents),
    cost: formatMoneyInput(product.costCents),
    taxClass: product.taxClass,
    unit: product.unit,
    active: product.active,
    isLotTracked: product.isLotTracked,
  };
}

/**
 * A barcode as typed: null when it is fine. A 13-digit code must carry the right EAN-13 check digit (we say
 * which digit it should end in: usually a typo in the last one); other codes follow the server's rules.
 */
export function checkBarcode(raw: string): string | null {
  const code = raw.trim();
  if (/^[0-9]{13}$/.test(code)) {
    return isValidEan13(code)
      ? null
      : `wrong EAN-13 check digit: ${code.slice(0, 12)} should end in ${ean13CheckDigit(code.slice(0, 12))}`;
  }
  const result = normalizeBarcode(code);
  return result.ok ? null : result.message;
}

/** A form that passed the checks, as the create request (an edit sends the part that differs). */
export type ValidProductRequest = CreateProductInput & { barcodes: string[]; costCents: number };

type Checked = { ok: true; request: ValidProductRequest } | { ok: false; errors: FormErrors };

/** Validates the form the way the server will, so most mistakes show before a round trip. */
export function checkProductForm(values: ProductFormValues): Checked {
  const errors: FormErrors = {};
  const sku = values.sku.trim();
  if (sku === '') {
    errors.sku = 'is required';
  } else if (/\s/.test(sku) || sku.length > 64) {
    errors.sku = 'must be 1 to 64 characters without spaces';
  }
  if (values.name.trim() === '') {
    errors.name = 'is required';
  }
  const price = parseMoneyInput(values.price);
  if (!price.ok) {
    errors.priceCents = price.message;
  }
  const cost = values.cost.trim() === '' ? ({ ok: true, cents: 0 } as const) : parseMoneyInput(values.cost);
  if (!cost.ok) {
    errors.costCents = cost.message;
  }
  const barcodes: string[] = [];
  values.barcodes.forEach((raw, index) => {
    const code = raw.trim();
    if (code === '') {
      return;
    }
    const problem = checkBarcode(code);
    if (problem) {
      errors[`barcodes.${index}`] = problem;
      return;
    }
    if (barcodes.includes(code)) {
      errors[`barcodes.${index}`] = `${code} is listed twice`;
      return;
    }
    barcodes.push(code);
  });
  if (Object.keys(errors).length > 0 || !price.ok || !cost.ok) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    request: {
      sku,
      name: values.name.trim(),
      brand: values.brand.trim(),
      categoryId: values.categoryId === '' ? null : values.categoryId,
      species: values.species,
      barcodes,
      priceCents: price.cents,
      costCents: cost.cents,
      taxClass: values.taxClass,
      unit: values.unit,
      active: values.active,
      isLotTracked: values.isLotTracked,
    },
  };
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, index) => item === b[index]);

/** Only what differs from the saved product (an unchanged PATCH writes no audit noise); {} when nothing does. */
export function productChanges(original: Product, request: ValidProductRequest): UpdateProductRequest {
  const changes: UpdateProductRequest = {};
  if (request.sku !== original.sku) {
    changes.sku = request.sku;
  }
  if (request.name !== original.name) {
    changes.name = request.name;
  }
  if ((request.brand ?? '') !== original.brand) {
    changes.brand = request.brand ?? '';
  }
  if ((request.categoryId ?? null) !== original.categoryId) {
    changes.categoryId = request.categoryId ?? null;
  }
  const species = request.species ?? [];
  if (!sameList([...species].sort(), [...original.species].sort())) {
    changes.species = species;
  }
  if (!sameList(request.barcodes, original.barcodes)) {
    changes.barcodes = request.barcodes;
  }
  if (request.priceCents !== original.priceCents) {
    changes.priceCents = request.priceCents;
  }
  if (request.costCents !== original.costCents) {
    changes.costCents = request.costCents;
  }
  if (request.taxClass !== undefined && request.taxClass !== original.taxClass) {
    changes.taxClass = request.taxClass;
  }
  if (request.unit !== undefined && request.unit !== original.unit) {
    changes.unit = request.unit;
  }
  if (request.active !== undefined && request.active !== original.active) {
    changes.active = request.active;
  }
  if (request.isLotTracked !== undefined && request.isLotTracked !== original.isLotTracked) {
    changes.isLotTracked = request.isLotTracked;
  }
  return changes;
}
