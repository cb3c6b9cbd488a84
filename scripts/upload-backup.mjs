// Copies one backup file to S3 (or an S3-compatible store) and checks the stored object has the same size.
// Usage: node scripts/upload-backup.mjs <file> <key>      (run by backup-db.sh; exit 0 only when verified)
// Environment: BACKUP_S3_BUCKET (required); BACKUP_S3_REGION or AWS_REGION (default us-east-1);
// BACKUP_S3_ENDPOINT or AWS_S3_ENDPOINT for MinIO/R2/s3rver (then addressed path-style, as the app's
// server/lib/object-storage.ts does); credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY when both are set,
// else the SDK's default chain (instance role, ~/.aws). Secrets are never printed.
import { createReadStream, statSync } from 'node:fs';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

const [file, key] = process.argv.slice(2);
const bucket = process.env.BACKUP_S3_BUCKET;
if (!file || !key || !bucket) {
  console.error('usage: BACKUP_S3_BUCKET=<bucket> node scripts/upload-backup.mjs <file> <key>');
  process.exit(2);
}
const endpoint = process.env.BACKUP_S3_ENDPOINT || process.env.AWS_S3_ENDPOINT || undefined;
const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
const client = new S3Client({
  region: process.env.BACKUP_S3_REGION || process.env.AWS_REGION || 'us-east-1',
  ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
  // As in the app: checksums only where S3 demands them; S3-compatible servers do not all know the trailers.
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  maxAttempts: 3,
});

try {
  const size = statSync(file).size;
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: createReadStream(file),
      ContentLength: size,
      ContentType: 'application/octet-stream',
    }),
  );
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  if (head.ContentLength !== size) {
    throw new Error(`s3://${bucket}/${key} holds ${head.ContentLength} bytes, the file has ${size}`);
  }
  console.log(`uploaded ${size} bytes to s3://${bucket}/${key}`);
} catch (error) {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  console.error(`upload to s3://${bucket}/${key} failed: ${name}: ${message}`);
  process.exit(1);
} finally {
  client.destroy();
}
