import { describe, expect, it } from 'vitest';
import { completeEan13 } from '../../../shared/barcode/ean';
import type { Product } from '../../../shared/schemas/catalog';
import { categoryOptions } from '../../../client/src/features/catalog/category-options';
import { formatMoneyInput, parseMoneyInput } from '../../../client/src/features/catalog/money-input';
import {
  checkBarcode,
  checkProductForm,
  EMPTY_PRODUCT_FORM,
  formFromProduct,
  productChanges,
} from '../../../client/src/features/catalog/product-form';

const product: Product = {
  id: '00000000-0000-4000-8000-000000000001',
  sku: 'DOG-1',
  name: 'Chew toy',
  brand: 'Acme',
  categoryId: null,
  species: ['dog'],
  barcodes: ['4006381333931'],
  priceCents: 1299,
  costCents: 600,
  taxClass: 'standard',
  unit: 'each',
  active: true,
  isLotTracked: false,
  imageUrl: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('catalog money input', () => {
  it.each([
    ['12.99', 1299],
    ['12.9', 1290],
    ['12', 1200],
    ['.5', 50],
    ['$1,299.00', 129_900],
    ['0', 0],
  ])('reads %j as %i cents', (text, cents) => {
    expect(parseMoneyInput(text)).toEqual({ ok: true, cents });
  });

  it.each(['', '-1', '1.234', 'abc', '1e3'])('refuses %j', (text) => {
    expect(parseMoneyInput(text).ok).toBe(false);
  });

  it('writes cents back as the form shows them', () => {
    expect(formatMoneyInput(1299)).toBe('12.99');
    expect(formatMoneyInput(5)).toBe('0.05');
    expect(formatMoneyInput(0)).toBe('0.00');
  });
});

describe('checkBarcode', () => {
  it('accepts a valid EAN-13 and names the right check digit for a wrong one', () => {
    const good = completeEan13('400638133393');
    expect(checkBarcode(good)).toBeNull();
    const wrongDigit = (Number(good.at(-1)) + 1) % 10;
    expect(checkBarcode(`${good.slice(0, 12)}${wrongDigit}`)).toBe(
      `wrong EAN-13 check digit: 400638133393 should end in ${good.at(-1)}`,
    );
  });

  it('checks UPC-A and EAN-8 check digits and takes internal codes as they are', () => {
    expect(checkBarcode('036000291452')).toBeNull();
    expect(checkBarcode('036000291453')).toMatch(/wrong check digit/);
    expect(checkBarcode('96385074')).toBeNull();
    expect(checkBarcode('INT-0042')).toBeNull();
    expect(checkBarcode('has space')).toMatch(/letters, digits/);
  });
});

describe('checkProductForm', () => {
  it('turns the typed form into the create request in cents, dropping empty barcode rows', () => {
    const checked = checkProductForm({
      ...EMPTY_PRODUCT_FORM,
      sku: ' CAT-9 ',
      name: ' Cat tree ',
      price: '49.95',
      cost: '20',
      barcodes: ['', '4006381333931', ''],
      species: ['cat'],
    });
    expect(checked).toEqual({
      ok: true,
      request: expect.objectContaining({
        sku: 'CAT-9',
        name: 'Cat tree',
        priceCents: 4995,
        costCents: 2000,
        barcodes: ['4006381333931'],
        species: ['cat'],
        categoryId: null,
      }),
    });
  });

  it('keys errors by the API field paths, barcodes by their row', () => {
    const checked = checkProductForm({
      ...EMPTY_PRODUCT_FORM,
      sku: 'has space',
      name: '',
      price: '-2',
      barcodes: ['4006381333931', '4006381333932', '4006381333931'],
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) {
      return;
    }
    expect(Object.keys(checked.errors).sort()).toEqual([
      'barcodes.1',
      'barcodes.2',
      'name',
      'priceCents',
      'sku',
    ]);
    expect(checked.errors['barcodes.2']).toBe('4006381333931 is listed twice');
  });
});

describe('productChanges', () => {
  it('is empty when the form still holds the saved product', () => {
    const checked = checkProductForm(formFromProduct(product));
    expect(checked.ok && productChanges(product, checked.request)).toEqual({});
  });

  it('sends only what changed', () => {
    const checked = checkProductForm({ ...formFromProduct(product), price: '13.49', barcodes: [] });
    expect(checked.ok && productChanges(product, checked.request)).toEqual({
      priceCents: 1349,
      barcodes: [],
    });
  });
});

describe('categoryOptions', () => {
  it('labels each category with its path so same-named children differ', () => {
    const dog = { id: 'a', parentId: null, name: 'Dog', position: 0 };
    const cat = { id: 'b', parentId: null, name: 'Cat', position: 1 };
    const dogFood = { id: 'c', parentId: 'a', name: 'Food', position: 0 };
    const catFood = { id: 'd', parentId: 'b', name: 'Food', position: 0 };
    expect(categoryOptions([dog, dogFood, cat, catFood]).map((option) => option.label)).toEqual([
      'Dog',
      'Dog / Food',
      'Cat',
      'Cat / Food',
    ]);
  });
});
