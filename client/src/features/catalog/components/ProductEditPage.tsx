import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { PRODUCT_UNITS, type Product, TAX_CLASSES } from '../../../../../shared/schemas/catalog';
import { describeApiError, fieldErrors } from '../../../api/field-errors';
import { FormField } from '../../../ui/FormField';
import { PageHeader } from '../../../ui/PageHeader';
import { createProduct } from '../api/create-product';
import { updateProduct } from '../api/update-product';
import { categoryOptions } from '../category-options';
import { useCategories } from '../hooks/use-categories';
import { PRODUCTS_KEY, useProduct } from '../hooks/use-products';
import {
  checkProductForm,
  EMPTY_PRODUCT_FORM,
  type FormErrors,
  formFromProduct,
  type ProductFormValues,
  productChanges,
  type ValidProductRequest,
} from '../product-form';
import { SPECIES_OPTIONS } from '../species';
import { BarcodeListField } from './BarcodeListField';
import { ProductImageField } from './ProductImageField';

const TAX_LABELS: Record<(typeof TAX_CLASSES)[number], string> = {
  standard: 'Standard rate',
  reduced: 'Reduced rate',
  exempt: 'Exempt',
};

/** /catalog/new and /catalog/:productId: one form for both. */
export function ProductEditPage() {
  const { productId } = useParams();
  const product = useProduct(productId);
  if (productId === undefined) {
    return <ProductForm key="new" product={null} />;
  }
  if (product.isError) {
    return (
      <section className="backoffice" aria-labelledby="catalog-edit-title">
        <PageHeader title="Product" titleId="catalog-edit-title" />
        <p className="alert" role="alert">
          The product could not be loaded. {describeApiError(product.error)}
        </p>
        <Link to="/catalog">Back to the products</Link>
      </section>
    );
  }
  if (!product.data) {
    return <p className="catalog-loading">Loading the product…</p>;
  }
  // Keyed by id: another product starts a fresh form; a photo upload refetching this one keeps the edits.
  return <ProductForm key={product.data.id} product={product.data} />;
}

function ProductForm({ product }: { product: Product | null }) {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const categories = useCategories();
  const options = useMemo(() => categoryOptions(categories.data ?? []), [categories.data]);
  const [values, setValues] = useState<ProductFormValues>(() =>
    product ? formFromProduct(product) : EMPTY_PRODUCT_FORM,
  );
  const [errors, setErrors] = useState<FormErrors>({});
  const [notice, setNotice] = useState<string | null>(
    (location.state as { notice?: string } | null)?.notice ?? null,
  );

  // A notice handed over by navigation shows once, not again after a reload.
  useEffect(() => {
    if ((location.state as { notice?: string } | null)?.notice) {
      navigate(location.pathname, { replace: true, state: null });
    }
  }, [location, navigate]);

  const save = useMutation({
    mutationFn: async (request: ValidProductRequest) => {
      if (product === null) {
        return { product: await createProduct(request), created: true };
      }
      return { product: await updateProduct(product.id, productChanges(product, request)), created: false };
    },
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: PRODUCTS_KEY });
      queryClient.setQueryData([...PRODUCTS_KEY, 'one', result.product.id], result.product);
      if (result.created) {
        navigate(`/catalog/${result.product.id}`, {
          state: { notice: `${result.product.name} was created. You can add a photo now.` },
        });
      } else {
        // The saved form: barcodes as the server stores them (a UPC-A gains its leading 0).
        setValues(formFromProduct(result.product));
        setNotice(`Saved at ${new Date().toLocaleTimeString()}.`);
      }
    },
    onError: (error) => setErrors(fieldErrors(error)),
  });

  function set<K extends keyof ProductFormValues>(key: K, value: ProductFormValues[K]) {
    setValues((current) => ({ ...current, [key]: value }));
    setNotice(null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save.reset();
    const checked = checkProductForm(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    if (product && Object.keys(productChanges(product, checked.request)).length === 0) {
      setNotice('Nothing changed.');
      return;
    }
    save.mutate(checked.request);
  }

  const title = product ? product.name : 'New product';
  const namedErrorPaths = new Set([
    'sku',
    'name',
    'brand',
    'categoryId',
    'species',
    'barcodes',
    'priceCents',
    'costCents',
    'taxClass',
    'unit',
  ]);
  // Errors no field shows (and the server's own sentence) go in the alert at the top.
  const hasUnplacedError = Object.keys(errors).some(
    (path) => !namedErrorPaths.has(path) && !path.startsWith('barcodes.'),
  );

  return (
    <section className="backoffice catalog-edit" aria-labelledby="catalog-edit-title">
      <PageHeader
        title={title}
        titleId="catalog-edit-title"
        subtitle={product ? `SKU ${product.sku}` : 'Add a product to the catalog of every store.'}
        actions={
          <Link to="/catalog" className="button button-secondary">
            Back to the products
          </Link>
        }
      />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {save.isError && (
        <p className="alert" role="alert">
          {describeApiError(save.error)}
          {hasUnplacedError &&
            ` ${Object.entries(errors)
              .filter(([path]) => !namedErrorPaths.has(path) && !path.startsWith('barcodes.'))
              .map(([path, message]) => `${path}: ${message}`)
              .join('; ')}`}
        </p>
      )}
      <div className="catalog-edit-layout">
        <form className="catalog-form" onSubmit={submit} noValidate aria-label="Product details">
          <fieldset className="catalog-fieldset">
            <legend>Product</legend>
            <div className="form-grid">
              <FormField label="Name" error={errors.name}>
                <input
                  value={values.name}
                  onChange={(event) => set('name', event.target.value)}
                  maxLength={200}
                />
              </FormField>
              <FormField label="SKU" error={errors.sku} hint="Unique, no spaces">
                <input
                  value={values.sku}
                  onChange={(event) => set('sku', event.target.value)}
                  maxLength={64}
                  autoCapitalize="characters"
                />
              </FormField>
              <FormField label="Brand" error={errors.brand}>
                <input
                  value={values.brand}
                  onChange={(event) => set('brand', event.target.value)}
                  maxLength={100}
                />
              </FormField>
              <FormField label="Category" error={errors.categoryId}>
                <select value={values.categoryId} onChange={(event) => set('categoryId', event.target.value)}>
                  <option value="">No category</option>
                  {options.map((option) => (
                    <option key={option.id} value={option.id}>
                      {option.label}
                    </option>
                  ))}
                </select>
              </FormField>
            </div>
            <fieldset
              className="catalog-species"
              aria-describedby={errors.species ? 'species-error' : undefined}
            >
              <legend>Species</legend>
              {SPECIES_OPTIONS.map((option) => (
                <label key={option.value} className="catalog-check">
                  <input
                    type="checkbox"
                    checked={values.species.includes(option.value)}
                    onChange={(event) =>
                      set(
                        'species',
                        event.target.checked
                          ? [...values.species, option.value]
                          : values.species.filter((item) => item !== option.value),
                      )
                    }
                  />
                  {option.label}
                </label>
              ))}
              {errors.species && (
                <span id="species-error" className="form-error" role="alert">
                  {errors.species}
                </span>
              )}
            </fieldset>
          </fieldset>

          <fieldset className="catalog-fieldset">
            <legend>Price and tax</legend>
            <div className="form-grid">
              <FormField
                label={values.unit === 'weight' ? 'Price per kg' : 'Price'}
                error={errors.priceCents}
                hint="e.g. 12.99"
              >
                <input
                  inputMode="decimal"
                  value={values.price}
                  onChange={(event) => set('price', event.target.value)}
                />
              </FormField>
              <FormField label={values.unit === 'weight' ? 'Cost per kg' : 'Cost'} error={errors.costCents}>
                <input
                  inputMode="decimal"
                  value={values.cost}
                  onChange={(event) => set('cost', event.target.value)}
                />
              </FormField>
              <FormField label="Tax class" error={errors.taxClass}>
                <select
                  value={values.taxClass}
                  onChange={(event) => set('taxClass', event.target.value as ProductFormValues['taxClass'])}
                >
                  {TAX_CLASSES.map((taxClass) => (
                    <option key={taxClass} value={taxClass}>
                      {TAX_LABELS[taxClass]}
                    </option>
                  ))}
                </select>
              </FormField>
              <FormField
                label="Sold by"
                error={errors.unit}
                hint={values.unit === 'weight' ? 'Weighed at the till; stock in grams' : undefined}
              >
                <select
                  value={values.unit}
                  onChange={(event) => set('unit', event.target.value as ProductFormValues['unit'])}
                >
                  {PRODUCT_UNITS.map((unit) => (
                    <option key={unit} value={unit}>
                      {unit === 'each' ? 'The piece' : 'Weight (per kg)'}
                    </option>
                  ))}
                </select>
              </FormField>
            </div>
            <div className="catalog-flags">
              <label className="catalog-check">
                <input
                  type="checkbox"
                  checked={values.active}
                  onChange={(event) => set('active', event.target.checked)}
                />
                Active (sold at the registers)
              </label>
              <label className="catalog-check">
                <input
                  type="checkbox"
                  checked={values.isLotTracked}
                  onChange={(event) => set('isLotTracked', event.target.checked)}
                />
                Lot tracked (expiry dates)
              </label>
            </div>
          </fieldset>

          <BarcodeListField
            barcodes={values.barcodes}
            errors={errors}
            onChange={(barcodes) => set('barcodes', barcodes)}
          />

          <div className="form-actions">
            <Link to="/catalog" className="button button-secondary">
              Cancel
            </Link>
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : product ? 'Save changes' : 'Create product'}
            </button>
          </div>
        </form>
        <aside className="catalog-side">
          {product ? (
            <ProductImageField product={product} />
          ) : (
            <div className="catalog-image-empty">
              <h2>Photo</h2>
              <p className="form-hint">Create the product first; then you can add its photo here.</p>
            </div>
          )}
        </aside>
      </div>
    </section>
  );
}
