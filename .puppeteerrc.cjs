/** Folio uses Debian's Chromium (/usr/bin/chromium); puppeteer must not download a browser of its own. */
module.exports = { skipDownload: true }
