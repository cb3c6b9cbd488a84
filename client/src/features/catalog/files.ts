// What the server accepts, checked before uploading so a wrong file is refused at once, not after 5 MiB.

const MIB = 1024 * 1024;
export const MAX_IMAGE_BYTES = 5 * MIB;
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_CSV_BYTES = 20 * MIB;

type FileLike = { name: string; size: number; type: string };

/** null when the photo can be sent; otherwise why not. */
export function checkImageFile(file: FileLike): string | null {
  if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) {
    return `${file.name} is not a JPEG, PNG or WebP image`;
  }
  if (file.size > MAX_IMAGE_BYTES) {
    return `${file.name} is ${formatBytes(file.size)}; a photo may be at most 5 MB`;
  }
  if (file.size === 0) {
    return `${file.name} is empty`;
  }
  return null;
}

/** null when the CSV can be sent. Browsers report .csv as text/csv, application/vnd.ms-excel or nothing. */
export function checkCsvFile(file: FileLike): string | null {
  if (!file.name.toLowerCase().endsWith('.csv')) {
    return `${file.name} is not a .csv file`;
  }
  if (file.size > MAX_CSV_BYTES) {
    return `${file.name} is ${formatBytes(file.size)}; an import may be at most 20 MB`;
  }
  if (file.size === 0) {
    return `${file.name} is empty`;
  }
  return null;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} bytes`;
  }
  if (bytes < MIB) {
    return `${(bytes / 1024).toFixed(0)} KB`;
  }
  return `${(bytes / MIB).toFixed(1)} MB`;
}
