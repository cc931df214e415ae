// A learner's CSV file → text, from its bytes (DOM-free, tested in Node). File.text() reads
// everything as UTF-8, so a file saved as UTF-16 turned into U+FFFD garbage before the engine
// could recognise it. Here the byte-order mark decides: UTF-8 (BOM dropped), UTF-16 LE or BE
// (decoded); without one, UTF-16 is recognised by its zero bytes, UTF-8 is used when the
// bytes are valid UTF-8, and anything else is read as Windows-1252 (Excel's "CSV" on
// Windows), so no character is lost to U+FFFD.

/**
 * @param {ArrayBuffer|Uint8Array} buffer the file's bytes
 * @returns {{ok: true, text: string, encoding: string} | {ok: false, error: string}}
 */
export function decodeCsvBytes(buffer) {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  const decode = (encoding, from = 0) => {
    try {
      return { ok: true, text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(from)), encoding };
    } catch {
      return null;
    }
  };
  const [b0, b1, b2] = bytes;
  let result = null;
  let encoding = null;
  if (b0 === 0xEF && b1 === 0xBB && b2 === 0xBF) result = decode(encoding = 'utf-8', 3);
  else if (b0 === 0xFF && b1 === 0xFE) result = decode(encoding = 'utf-16le', 2);
  else if (b0 === 0xFE && b1 === 0xFF) result = decode(encoding = 'utf-16be', 2);
  else if ((encoding = utf16WithoutBom(bytes))) result = decode(encoding);
  else {
    encoding = 'utf-8';
    result = decode('utf-8') ?? decode('windows-1252');
  }
  if (result) return result;
  return {
    ok: false,
    error: `the file starts like ${encoding.toUpperCase()} text but is not valid ${encoding.toUpperCase()}; save it as 'CSV UTF-8' (or plain CSV) and load it again`,
  };
}

/** 'utf-16le' / 'utf-16be' when the first bytes look like UTF-16 ASCII text without a BOM. */
function utf16WithoutBom(bytes) {
  const n = Math.min(bytes.length - (bytes.length % 2), 512);
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros += 1;
    if (bytes[i + 1] === 0) oddZeros += 1;
  }
  const pairs = n / 2;
  if (oddZeros > 0.9 * pairs && evenZeros === 0) return 'utf-16le';
  if (evenZeros > 0.9 * pairs && oddZeros === 0) return 'utf-16be';
  return null;
}
