// The framework's floor for benchmarks: a trivial static page of the same build.
export const dynamic = "force-static";

export default function Ping() {
  return <p>ok</p>;
}
