import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { writeReports } from '../../cli/drill-report';
import { suiteReport } from '../../functions/domain/drills/suite-report';
import { at } from '../helpers/drill-probes';
import { drillReport } from '../emulator/cli-drill-fixtures';
import { pixelsOf, readPng } from './report-browser-png';

/**
 * report.html opened in a real browser: Debian's headless Chromium (`.ci/run` installs it when missing;
 * KEYDRILL_CHROMIUM names another binary). Its DOM, as Chromium parsed it, and a screenshot are kept under
 * test-artifacts/report-browser/ (README, "Drills").
 */
jest.setTimeout(120_000);

const CHROMIUM = process.env.KEYDRILL_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'report-browser');
const WINDOW = { width: 1280, height: 2000 };

/** One scenario that passed with every marker, one that failed: both verdict colours, every timeline lane. */
const report = suiteReport([drillReport('disable-key'), drillReport('grant-revocation', 'FAILED')], { startedAt: at(0), endedAt: at(20_000) });

// Headless and sandboxless (CI runs as root in a container); no GPU, no first-run work, nothing from the network.
const chromium = (...args: string[]) =>
  promisify(execFile)(CHROMIUM, ['--headless', '--disable-gpu', '--no-sandbox', '--no-first-run', '--hide-scrollbars', `--window-size=${WINDOW.width},${WINDOW.height}`, ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 90_000 });

let dom: string;
let screenshot: Buffer;

beforeAll(async () => {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  writeReports(ARTIFACTS, report);
  const page = pathToFileURL(join(ARTIFACTS, 'report.html')).href;
  dom = (await chromium('--dump-dom', page)).stdout;
  writeFileSync(join(ARTIFACTS, 'dom.html'), dom);
  await chromium(`--screenshot=${join(ARTIFACTS, 'report.png')}`, page);
  screenshot = readFileSync(join(ARTIFACTS, 'report.png'));
});

/** The elements of the parsed DOM that carry `attribute`, with its values in document order. */
const valuesOf = (html: string, attribute: string) => [...html.matchAll(new RegExp(`${attribute}="([^"]*)"`, 'g'))].map((m) => m[1]);

/** One scenario's section of the DOM. */
const sectionOf = (scenario: string) => {
  const match = new RegExp(`<section id="scenario-${scenario}">([\\s\\S]*?)</section>`).exec(dom);
  if (!match) throw new Error(`no section for ${scenario} in the DOM`);
  return match[1];
};

test('renders the title, the overall verdict and a row per scenario', () => {
  expect(dom).toContain('<title>keydrill drills: FAILED</title>');
  expect(dom).toMatch(/<h1>keydrill drills <span class="verdict FAILED">FAILED<\/span><\/h1>/);
  expect(dom).toMatch(/<a href="#scenario-disable-key">disable-key<\/a><\/td><td><span class="verdict PASSED">PASSED<\/span><\/td><td>5 \/ 5<\/td>/);
  expect(dom).toMatch(/<a href="#scenario-grant-revocation">grant-revocation<\/a><\/td><td><span class="verdict FAILED">FAILED<\/span><\/td><td>1 \/ 2<\/td>/);
});

test("each scenario's section has its expectations, probe windows and figures as tables", () => {
  const disableKey = sectionOf('disable-key');
  // Chromium adds the <tbody> the markup leaves implicit: the tables were parsed as tables.
  expect(disableKey.match(/<table><tbody>/g)).toHaveLength(3);
  expect(disableKey.match(/<span class="verdict PASSED">PASSED<\/span>/g)!.length).toBeGreaterThanOrEqual(1 + 5);
  for (const window of ['before', 'during', 'after', 'all']) expect(disableKey).toContain(`<tr><td>${window}</td>`);
  expect(disableKey).toContain('<td>time to recover</td><td>600 ms</td>');
  expect(sectionOf('grant-revocation')).toContain('<span class="verdict FAILED">FAILED</span>');
});

test('the timeline SVG has the disruption, detection, restore, recovery and rollback markers, the statuses, events and probes', () => {
  const svg = /<svg [^>]*data-scenario="disable-key"[\s\S]*?<\/svg>/.exec(dom)![0];
  expect(valuesOf(svg, 'data-marker')).toEqual(['disruption', 'detection', 'restore', 'recovery', 'rollback']);
  expect(valuesOf(svg, 'data-status')).toEqual(['ENABLED', 'KMS_KEY_INACCESSIBLE', 'ENABLED']);
  expect(valuesOf(svg, 'data-detail-type')).toEqual(['Ledger Key At Risk']);
  expect(valuesOf(svg, 'data-probe').sort()).toEqual(['failed', 'failed', 'ok', 'ok', 'ok', 'ok']);
  // The failed scenario saw no probes and no events: its lanes are empty, its markers still drawn.
  const failed = /<svg [^>]*data-scenario="grant-revocation"[\s\S]*?<\/svg>/.exec(dom)![0];
  expect(valuesOf(failed, 'data-probe')).toEqual([]);
  expect(valuesOf(failed, 'data-marker')).toEqual(expect.arrayContaining(['disruption', 'restore', 'rollback']));
});

test('the screenshot shows the page drawn: verdict badges, status bands and the alert marker in their colours', () => {
  const pixels = readPng(screenshot);
  expect([pixels.width, pixels.height]).toEqual([WINDOW.width, WINDOW.height]);
  // PASSED badges and ENABLED bands are #2e7d32, FAILED badges and KMS_KEY_INACCESSIBLE bands #c62828, the key-at-risk diamond #e65100.
  expect(pixelsOf(pixels, '#2e7d32')).toBeGreaterThan(1000);
  expect(pixelsOf(pixels, '#c62828')).toBeGreaterThan(1000);
  expect(pixelsOf(pixels, '#e65100')).toBeGreaterThan(20);
  expect(pixelsOf(pixels, '#ffffff')).toBeGreaterThan((pixels.width * pixels.height) / 2);
});
