import { completedEvent, InvalidPublishRequest, ledgerRecord, publishRequest, reportSha256, reportSummary, reportText } from '../../functions/domain/reports/publication';

const runId = 'arn:aws:states:us-east-1:000000000000:execution:DrillSuite:nightly';

describe('publishRequest', () => {
  test('names every problem at once', () => {
    expect(() => publishRequest({ kind: 'x', runId: 'r', report: { verdict: 'OK' } })).toThrow(
      new InvalidPublishRequest('kind must be one of drill, suite, lifecycle, got "x"; runId must be the execution ARN, got "r"; report.verdict must be one of PASSED, FAILED, ERROR, STOPPED, got "OK"'),
    );
    expect(() => publishRequest([])).toThrow(InvalidPublishRequest);
    expect(() => publishRequest({ kind: 'drill', runId, report: [] })).toThrow('report must be an object');
  });

  test('takes a well-formed request as it is', () => {
    const request = { kind: 'lifecycle', runId, report: { verdict: 'PASSED', documents: 3 } };
    expect(publishRequest(request)).toBe(request);
  });
});

describe('what is published', () => {
  const suite = publishRequest({
    kind: 'suite',
    runId,
    report: { verdict: 'FAILED', startedAt: 'a', endedAt: 'b', counts: { PASSED: 1, FAILED: 1 }, scenarios: [{ scenario: 'alias-switch' }, { scenario: 're-key' }] },
  });
  const drill = publishRequest({
    kind: 'drill',
    runId,
    report: { verdict: 'PASSED', scenario: 'disable-key', measurements: { probes: { all: { availabilityPercent: 97.5 } }, timeToDetect: { keyAtRiskMs: null, statusChangeAlertMs: 1200 }, timeToRecoverMs: 800 } },
  });

  test('a summary with what ran and its headline figures', () => {
    expect(reportSummary(suite)).toEqual({ verdict: 'FAILED', scenarios: ['alias-switch', 're-key'], startedAt: 'a', endedAt: 'b', counts: { PASSED: 1, FAILED: 1 } });
    expect(reportSummary(drill)).toEqual({ verdict: 'PASSED', scenarios: ['disable-key'], availabilityPercent: 97.5, timeToDetectMs: 1200, timeToRecoverMs: 800 });
  });

  test("the ledger's record carries the SHA-256 of the canonical text, the event names the run, its kind and the document", () => {
    const text = reportText(drill.report);
    expect(ledgerRecord(drill, text, 'now')).toEqual({ runId, kind: 'drill', verdict: 'PASSED', publishedAt: 'now', reportSha256: reportSha256(text), summary: reportSummary(drill) });
    expect(reportSha256(text)).toMatch(/^[0-9a-f]{64}$/);
    expect(reportSha256(text)).not.toBe(reportSha256(reportText(suite.report)));
    const event = completedEvent(drill, 'bus', 'doc1');
    expect(event).toMatchObject({ EventBusName: 'bus', Source: 'keydrill.drills', DetailType: 'Drill Completed', Resources: [runId] });
    expect(JSON.parse(event.Detail)).toEqual({ runId, kind: 'drill', verdict: 'PASSED', scenario: 'disable-key', documentId: 'doc1', summary: reportSummary(drill) });
    expect(completedEvent(suite, 'bus', 'd').DetailType).toBe('Drill Suite Completed');
  });
});
