import type { Image } from '../../clients/openstack/index.js';
import type { Digests } from './hashing-stream.js';

export interface ChecksumComparison {
  /** True when at least one checksum was compared and none differed. */
  match: boolean;
  /** What differed, in words; empty when nothing did. */
  mismatches: string[];
  notes: string[];
}

/** Compares what Glance computed (os_hash_value when sha512, checksum = md5, size) with what blockops sent. */
export function compareChecksums(
  image: Pick<Image, 'hashAlgo' | 'hashValue' | 'checksum' | 'size'>,
  ours: Digests,
): ChecksumComparison {
  const mismatches: string[] = [];
  const notes: string[] = [];
  let compared = 0;
  if (image.size != null && image.size !== ours.bytes) {
    mismatches.push(`Glance stored ${image.size} bytes, blockops sent ${ours.bytes}`);
  }
  if (image.hashAlgo === 'sha512' && image.hashValue) {
    compared++;
    if (image.hashValue.toLowerCase() !== ours.sha512) {
      mismatches.push(`sha512: Glance has ${image.hashValue}, blockops sent ${ours.sha512}`);
    }
  } else {
    notes.push(
      image.hashAlgo
        ? `Glance hashes with ${image.hashAlgo}, not sha512: its os_hash_value was not compared.`
        : 'Glance reported no os_hash_value: the sha512 was not compared.',
    );
  }
  if (image.checksum) {
    compared++;
    if (image.checksum.toLowerCase() !== ours.md5) {
      mismatches.push(`md5: Glance has ${image.checksum}, blockops sent ${ours.md5}`);
    }
  } else {
    notes.push('Glance reported no md5 checksum (FIPS mode?): it was not compared.');
  }
  if (!compared) notes.push('No checksum could be compared: the upload is unverified.');
  return { match: compared > 0 && !mismatches.length, mismatches, notes };
}
