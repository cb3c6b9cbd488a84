import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { Product } from '../../../../../shared/schemas/catalog';
import { describeApiError } from '../../../api/field-errors';
import { removeProductImage, uploadProductImage } from '../api/product-image';
import { checkImageFile, formatBytes, IMAGE_TYPES } from '../files';
import { PRODUCTS_KEY } from '../hooks/use-products';

/** The product's photo: choose a file, see it, upload it (raw bytes, checked here for type and size first). */
export function ProductImageField({ product }: { product: Product }) {
  const queryClient = useQueryClient();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);

  useEffect(() => {
    if (!file) {
      setPreviewUrl(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreviewUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: PRODUCTS_KEY });
  const upload = useMutation({
    mutationFn: (chosen: File) => uploadProductImage(product.id, chosen),
    onSuccess: async () => {
      setFile(null);
      if (inputRef.current) {
        inputRef.current.value = '';
      }
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => removeProductImage(product.id),
    onSuccess: () => refresh(),
  });

  function choose(chosen: File | undefined) {
    upload.reset();
    if (!chosen) {
      setFile(null);
      setProblem(null);
      return;
    }
    const why = checkImageFile(chosen);
    setProblem(why);
    setFile(why ? null : chosen);
  }

  const shown = previewUrl ?? product.imageUrl;
  return (
    <div className="catalog-image">
      <h2>Photo</h2>
      <div className="catalog-image-frame">
        {shown ? (
          <img
            src={shown}
            alt={previewUrl ? `New photo for ${product.name} (not uploaded yet)` : product.name}
          />
        ) : (
          <span className="form-hint">No photo yet</span>
        )}
      </div>
      <label htmlFor={inputId} className="catalog-image-label">
        Choose a photo (JPEG, PNG or WebP, up to 5 MB)
      </label>
      <input
        ref={inputRef}
        id={inputId}
        type="file"
        accept={IMAGE_TYPES.join(',')}
        onChange={(event) => choose(event.target.files?.[0])}
      />
      {file && (
        <p className="form-hint">
          {file.name}, {formatBytes(file.size)}: not uploaded yet.
        </p>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {upload.isError && (
        <p className="form-error" role="alert">
          The photo was not saved. {describeApiError(upload.error)}
        </p>
      )}
      {upload.isSuccess && (
        <p className="notice" role="status">
          Photo saved.
        </p>
      )}
      {remove.isError && (
        <p className="form-error" role="alert">
          {describeApiError(remove.error)}
        </p>
      )}
      <div className="catalog-image-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={!file || upload.isPending}
          onClick={() => file && upload.mutate(file)}
        >
          {upload.isPending ? 'Uploading…' : 'Upload photo'}
        </button>
        {product.imageUrl && !file && (
          <button
            type="button"
            className="button button-secondary"
            disabled={remove.isPending}
            onClick={() => remove.mutate()}
          >
            Remove photo
          </button>
        )}
      </div>
    </div>
  );
}
