// CSV export, made in the browser from the data the page shows (RFC 4180, UTF-8).

const NUMBER = /^-?\d+(\.\d+)?$/;

function cell(value) {
  if (value == null) return '';
  let text = String(value);
  // A spreadsheet runs a cell starting with = + - @ as a formula: keep text from a store
  // (a customer's name, a product title) inert. Plain numbers stay numbers.
  if (/^[=+\-@\t\r]/.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows (arrays of values) as CSV text, lines ending in CRLF. */
export function toCsv(rows) {
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Offers CSV text as a file download. */
export function downloadCsv(fileName, rows) {
  // The byte-order mark makes spreadsheet programs read the file as UTF-8.
  const blob = new Blob(['\uFEFF', toCsv(rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
