/**
 * Plain cdk8s: the objects of `objects.json` as one `ApiObject` each, in one Chart per top-level
 * directory of synth's layout (a namespace, `_cluster` or `_crds`), then `app.synth()` into the
 * output directory with cdk8s's own layout (one `<chart>.k8s.yaml` per chart).
 *
 *   node --import tsx bench/scale/plain-cdk8s.ts <objects.json> <out-dir>   (npm run bench:scale runs it compiled)
 */
import { ApiObject, App, Chart, type ApiObjectProps } from 'cdk8s';
import { readObjects } from './objects-file.js';

const [objectsFile, outDir] = process.argv.slice(2);
if (objectsFile === undefined || outDir === undefined) {
  console.error('usage: plain-cdk8s.ts <objects.json> <out-dir>');
  process.exit(2);
}
const app = new App({ outdir: outDir });
const charts = new Map<string, Chart>();
for (const { path, manifest } of readObjects(objectsFile)) {
  const slash = path.indexOf('/');
  const chartId = path.slice(0, slash);
  let chart = charts.get(chartId);
  if (chart === undefined) {
    chart = new Chart(app, chartId);
    charts.set(chartId, chart);
  }
  // The file name (`<kind>-<name>.yaml`) is unique within its directory, so it is a unique construct id.
  new ApiObject(chart, path.slice(slash + 1, -'.yaml'.length), manifest as unknown as ApiObjectProps);
}
app.synth();
