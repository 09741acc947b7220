// This file is part of the MyCar partner platform.
// Lighthouse (pinned in package.json) on pages of the cabinet, with its
// default phone profile (a mid-range phone, simulated slow 4G), in one
// Debian chromium; every page but the login page with the client's
// session cookie. Prints a JSON list: each page's URL as asked and as shown,
// its categories' scores (0-1) and the audits that lost it points.
//
//   node tests/lighthouse.mjs CHROMIUM COOKIE URL [URL ...]
import puppeteer from 'puppeteer-core';
import {navigation} from 'lighthouse';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
const [chromium, cookie, ...urls] = process.argv.slice(2);

const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run',
        '--disable-background-networking', '--disable-component-update',
        '--disable-sync'],
});
const pages = [];
try {
    for (const url of urls) {
        // each page in a context of its own: the login page's own session
        // cookie would replace the client's
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        if (new URL(url).pathname !== '/login') {
            const [name, value] = cookie.split(/=(.*)/s);
            await page.setCookie({name, value, url});
        }
        const result = await navigation(page, url, {flags: {
            onlyCategories: CATEGORIES,
            disableStorageReset: true,  // it would remove the cookie
        }});
        const lhr = result.lhr;
        const audits = new Set(CATEGORIES.flatMap(
            id => lhr.categories[id].auditRefs.filter(r => r.weight > 0)
                .map(r => r.id)));
        pages.push({
            url,
            shown: lhr.finalDisplayedUrl,
            scores: Object.fromEntries(
                CATEGORIES.map(id => [id, lhr.categories[id].score])),
            lost: [...audits].filter(id => lhr.audits[id].score !== null
                && lhr.audits[id].score < 1).map(
                id => `${id}: ${lhr.audits[id].title}`),
        });
        await context.close();
    }
} finally {
    await browser.close();
}
process.stdout.write(JSON.stringify(pages));
