import { Chart } from 'cdk8s';
import { ToolGatewayApp, type ToolGatewayAppProps } from '../../src/app/tool-gateway-app.js';
import type { Problem } from '../../src/contracts/problem.js';

/** An app for tests that call `build()`: its outdir does not exist, so nothing can be written by mistake. */
export function testApp(props: Omit<ToolGatewayAppProps, 'outdir'> = {}): ToolGatewayApp {
  return new ToolGatewayApp({ outdir: '/nonexistent', ...props });
}

/** A Chart for `namespace` in `app`, with the namespace as its id unless given. */
export function chartIn(app: ToolGatewayApp, namespace: string, id = namespace): Chart {
  return new Chart(app, id, { namespace });
}

/** Each problem as `<construct path>: <field>: <message>`, the way a construct user reads them. */
export function problemLines(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.origin?.constructPath ?? '(no construct)'}: ${p.field ?? '(no field)'}: ${p.message}`);
}
