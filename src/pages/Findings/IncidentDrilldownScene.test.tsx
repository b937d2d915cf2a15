import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { Incident } from '../../api/types';
import { setBackendSrv } from '@grafana/runtime';
import { registerSidecarDataSource } from '../../datasource/SidecarDataSource';
import { FakeAnswer, fail, fakeSidecarBackend, ok, PROXY } from '../../test/fakeSidecarBackend';
import { installRunRequestForTests } from '../../test/runRequestForTests';
import { CHECKOUT_ID, checkoutIncident, paymentsIncident } from './findingsFixtures';
import { buildIncidentDrilldownScene } from './IncidentDrilldownScene';
import { checkoutRestart, remediationList, RESTART_ID } from '../Remediations/remediationFixtures';

const now = Date.now();

beforeAll(() => {
  installRunRequestForTests();
  registerSidecarDataSource();
  // jsdom does not lay out, so it has no scrolling either.
  Element.prototype.scrollIntoView = jest.fn();
});

const INCIDENT_URL = `${PROXY}/incidents/${CHECKOUT_ID}`;

function renderIncident(answer: FakeAnswer, proposals?: FakeAnswer) {
  const fake = fakeSidecarBackend({
    [INCIDENT_URL]: answer,
    // Without an answer the proposals' route is a 404, as from a sidecar without remediation.
    ...(proposals ? { [`${PROXY}/remediations?incident=${CHECKOUT_ID}`]: proposals } : {}),
  });
  setBackendSrv(fake.backend);
  const scene = buildIncidentDrilldownScene(CHECKOUT_ID);
  render(<scene.Component model={scene} />);
  return fake;
}

/** The payments incident served under the checkout id, so one route serves every variant. */
const payments = (over: Partial<Incident> = {}) => ok({ ...paymentsIncident(now), id: CHECKOUT_ID, ...over });

const section = (name: string) => screen.getByRole('region', { name });

describe('Incident page', () => {
  it('heads the page with what broke, how bad, where and since when, all parts from one fetch', async () => {
    const fake = renderIncident(ok(checkoutIncident(now)));
    const summary = await screen.findByTestId('incident-summary');
    expect(
      within(summary).getByRole('heading', { name: 'ContainerMemoryLimitPredicted on Deployment shop/checkout' })
    ).toBeInTheDocument();
    expect(within(summary).getByText('critical')).toBeInTheDocument();
    expect(within(summary).getByText('open')).toBeInTheDocument();
    expect(within(summary).getByText('shop / Deployment/checkout / 2 pods')).toBeInTheDocument();
    expect(within(summary).getByText('36m ago')).toBeInTheDocument();
    expect(within(summary).getByText('2 firing')).toBeInTheDocument();
    expect(within(summary).getByText('1 anomaly · 2 forecast crossings')).toBeInTheDocument();
    // The remediation proposals for the suggestions are fetched beside it.
    expect(fake.requests.filter((r) => r.url === INCIDENT_URL)).toHaveLength(1);
  });

  it('explains the incident with each observation linked to its evidence', async () => {
    renderIncident(ok(checkoutIncident(now)));
    const explanation = await screen.findByTestId('incident-explanation');
    expect(
      within(explanation).getByText(/^Deployment shop\/checkout: ContainerMemoryLimitPredicted since/)
    ).toBeInTheDocument();
    expect(
      within(explanation).getByText('memory of Deployment shop/checkout growing toward its limit')
    ).toBeInTheDocument();
    const observations = within(within(explanation).getByRole('list', { name: 'Observations' })).getAllByRole(
      'listitem'
    );
    expect(observations).toHaveLength(3);
    // The alert's chip opens its source in a new tab; anomalies and forecasts open their drilldowns.
    const alert = within(observations[0]).getByRole('link');
    expect(alert).toHaveTextContent('ContainerMemoryLimitPredicted · checkout-7b7gb67g55-862k6');
    expect(alert).toHaveAttribute('href', expect.stringMatching(/^http:\/\/prometheus\.example:9090\/graph\?/));
    expect(alert).toHaveAttribute('target', '_blank');
    expect(alert).toHaveAttribute('rel', 'noopener noreferrer');
    expect(within(observations[1]).getByRole('link')).toHaveAttribute(
      'href',
      '/a/prophet-aiops-app/anomalies/workload-memory-ff79d2273560'
    );
    expect(within(observations[2]).getByRole('link')).toHaveAttribute(
      'href',
      '/a/prophet-aiops-app/forecasts/container-memory-f28b5f0aba27'
    );
    expect(screen.getByTestId('explainer-note')).toHaveTextContent(
      'Built-in explanation: written by rules from the evidence, without an LLM.'
    );
  });

  it('names the model when an LLM wrote the explanation', async () => {
    renderIncident(payments());
    expect(await screen.findByTestId('explainer-note')).toHaveTextContent(
      'Written by an LLM (llama3.1 via an OpenAI-compatible API) from the evidence below'
    );
  });

  it('says why the LLM explanation fell back to the built-in one', async () => {
    const explanation = { ...paymentsIncident(now).explanation!, explainer: 'built-in' as const, model: null };
    renderIncident(payments({ explanation: { ...explanation, fallbackReason: 'HTTP 500 from the provider' } }));
    expect(await screen.findByTestId('explainer-note')).toHaveTextContent(
      'The configured LLM explainer failed (HTTP 500 from the provider); this is the built-in explanation.'
    );
  });

  it('says when there is no explanation yet', async () => {
    renderIncident(payments({ explanation: null }));
    expect(await screen.findByText(/^Not explained yet/)).toBeInTheDocument();
  });

  it('ranks the suggestions with rationale, confidence, evidence and the kubectl command where there is one', async () => {
    renderIncident(ok(checkoutIncident(now)));
    const list = await screen.findByRole('list', { name: 'Suggestions' });
    const [restart, rollback] = within(list).getAllByRole('listitem');
    expect(restart).toHaveTextContent(/^1Restart Deployment shop\/checkout before its memory reaches the limit/);
    expect(rollback).toHaveTextContent(/^2Roll back Deployment shop\/checkout/);
    expect(within(restart).getByText('rollout restart')).toBeInTheDocument();
    expect(within(restart).getByText('Deployment/shop/checkout')).toBeInTheDocument();
    expect(within(restart).getByRole('meter', { name: 'Confidence' })).toHaveAttribute('aria-valuenow', '60');
    expect(within(restart).getByText(/^A rolling restart now avoids the OOM kills/)).toBeInTheDocument();
    expect(
      within(restart)
        .getAllByRole('link')
        .map((l) => l.getAttribute('data-evidence'))
    ).toEqual(['alert', 'anomaly', 'forecast']);
    expect(within(restart).getByText('kubectl -n shop rollout restart deployment/checkout')).toBeInTheDocument();
    expect(within(rollback).getByText('kubectl -n shop rollout undo deployment/checkout')).toBeInTheDocument();
  });

  it('links a suggestion to the remediation proposal for the same action on the same target', async () => {
    const restart = checkoutRestart(now);
    const other = checkoutRestart(now, { id: 'rem-other', target: { ...restart.target, name: 'cart' } });
    renderIncident(ok(checkoutIncident(now)), ok(remediationList(now, { proposals: [other, restart] })));
    const list = await screen.findByRole('list', { name: 'Suggestions' });
    const [first, rollback] = within(list).getAllByRole('listitem');
    const proposal = await within(first).findByTestId('suggestion-proposal');
    expect(proposal).toHaveTextContent('Proposed:proposedReview and approve');
    expect(within(proposal).getByRole('link')).toHaveAttribute(
      'href',
      `/a/prophet-aiops-app/remediations/${RESTART_ID}`
    );
    // The command by hand stays beside it; the rollback has no proposal here.
    expect(within(first).getByText('kubectl -n shop rollout restart deployment/checkout')).toBeInTheDocument();
    expect(within(rollback).queryByTestId('suggestion-proposal')).toBeNull();
  });

  it('offers no command for an investigation', async () => {
    renderIncident(payments());
    const list = await screen.findByRole('list', { name: 'Suggestions' });
    expect(within(list).getByText('investigate')).toBeInTheDocument();
    expect(screen.queryByTestId('suggestion-actions')).toBeNull();
  });

  it('tells the story in time order, with what is predicted after a "now" mark', async () => {
    const incident = checkoutIncident(now);
    // The earliest entry last; the alert and suggestion at the same time keep the sidecar's order.
    incident.timeline.push(incident.timeline.shift()!);
    renderIncident(ok(incident));
    const timeline = await screen.findByRole('list', { name: 'Timeline' });
    const entries = within(timeline).getAllByRole('listitem');
    expect(entries.map((e) => e.getAttribute('data-type') ?? e.getAttribute('aria-label'))).toEqual([
      'anomaly',
      'alert',
      'suggestion',
      'alert',
      'now',
      'forecast',
    ]);
    expect(entries[5]).toHaveTextContent(/^\d\d:\d\dForecast· in 1[56]mpredicted/);
    expect(entries[0]).toHaveTextContent('Anomaly· 6h ago');
    expect(within(entries[5]).getByRole('link')).toHaveAttribute(
      'href',
      '/a/prophet-aiops-app/forecasts/container-memory-f28b5f0aba27'
    );
  });

  it('lists the evidence: alerts with labels and source, anomalies and forecasts linking to their drilldowns', async () => {
    renderIncident(ok(checkoutIncident(now)));
    const alerts = within(await screen.findByRole('region', { name: 'Alerts' })).getAllByRole('article');
    expect(alerts).toHaveLength(2);
    expect(within(alerts[0]).getByText('pod=checkout-7b7gb67g55-862k6')).toBeInTheDocument();
    expect(within(alerts[0]).getByRole('link', { name: /Open the alert's source/ })).toHaveAttribute(
      'href',
      expect.stringMatching(/^http:\/\/prometheus\.example/)
    );
    expect(within(alerts[0]).getByRole('link', { name: /runbooks\.example/ })).toBeInTheDocument();

    const anomalies = within(section('Anomalies')).getByRole('table', { name: 'Correlated anomalies' });
    expect(within(anomalies).getByRole('link')).toHaveAttribute(
      'href',
      '/a/prophet-aiops-app/anomalies/workload-memory-ff79d2273560'
    );
    expect(within(anomalies).getByText('drift up')).toBeInTheDocument();

    const forecasts = within(section('Forecasts')).getByRole('table', { name: 'Correlated forecasts' });
    const [soonest, later] = within(forecasts).getAllByRole('row').slice(1);
    expect(
      within(soonest)
        .getAllByRole('cell')
        .map((c) => c.textContent?.replace(/\d{4}-.*$/, ''))
    ).toEqual([
      'Container memory vs limit {pod="checkout-7b7gb67g55-862k6"}',
      '996.27 MiB',
      'above 1.00 GiB',
      expect.stringMatching(/^in 1[56]m$/),
    ]);
    expect(within(later).getByText(/^in 5[01]m$/)).toBeInTheDocument();
    expect(within(section('K8sGPT findings')).getByText(/K8sGPT reported nothing/)).toBeInTheDocument();
    expect(within(section('Kubernetes events')).getByText('No recent event about this place.')).toBeInTheDocument();
  });

  it('shows findings with their K8sGPT text and events, and a finding chip jumps to its card', async () => {
    renderIncident(payments());
    const card = await screen.findByRole('article', { name: 'K8sGPT finding Pod payments/api-rmjrbjd4m2-nrxmp' });
    expect(
      within(card).getByText('Readiness probe failed: HTTP probe failed with statuscode: 503')
    ).toBeInTheDocument();
    expect(within(card).getByLabelText('K8sGPT explanation')).toHaveTextContent(/readiness endpoint answers 503/);
    const events = within(section('Kubernetes events')).getByRole('table', { name: 'Kubernetes events' });
    expect(
      within(events)
        .getAllByRole('cell')
        .map((c) => c.textContent)
    ).toEqual([
      'Warning',
      'Unhealthy',
      'Pod/api-rmjrbjd4m2-nrxmp',
      'Readiness probe failed: HTTP probe failed with statuscode: 503',
      '4',
      '2m ago',
    ]);
    expect(screen.getByRole('region', { name: 'Alerts' })).toHaveTextContent('The alert carries no generator URL.');

    const chip = within(screen.getByTestId('incident-explanation')).getAllByRole('link')[0];
    expect(chip).toHaveAttribute('href', '#evidence-finding-k8sgpt-operator-system/paymentsapirmjrbjd4m2nrxmp');
    fireEvent.click(chip);
    expect(card).toHaveFocus();
    expect(card.scrollIntoView).toHaveBeenCalled();
  });

  it('says an unknown incident is not found, links back to the list and draws nothing else', async () => {
    renderIncident(fail(404, { error: 'Not Found', message: `no incident "${CHECKOUT_ID}"`, statusCode: 404 }));
    expect(await screen.findByText('Incident not found')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to all incidents' })).toHaveAttribute(
      'href',
      '/a/prophet-aiops-app/findings'
    );
    expect(screen.queryByRole('list', { name: 'Timeline' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Alerts' })).toBeNull();
  });

  it('names an unreachable sidecar once', async () => {
    renderIncident(fail(502));
    expect(await screen.findByText('Sidecar unreachable')).toBeInTheDocument();
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });
});
