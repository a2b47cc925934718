// A real DNS server on loopback for tests (dns2, UDP and TCP on the same port), serving zones the test writes.
// Names are answered case-insensitively; a name with no record of the asked type answers NOERROR with no answer
// (NODATA); a name not in the zone answers NXDOMAIN. Special behaviours for tests of failures:
//   { servfail: true }  -> SERVFAIL;  { silent: true } -> never answers (a timeout);  { cname: "x" } -> CNAME.
import dns2 from "dns2";

const { Packet } = dns2;
/** dns2's types want class instances; plain objects of the same shape encode the same. */
type Answer = dns2.Packet.Resource;
const rr = (o: object): Answer => o as Answer;

export interface ZoneRecords {
  /** TXT records; a record given as an array is sent as several character-strings (RFC 1035 section 3.3.14). */
  readonly TXT?: readonly (string | readonly string[])[];
  readonly MX?: readonly { exchange: string; priority: number }[];
  readonly A?: readonly string[];
  readonly AAAA?: readonly string[];
  readonly PTR?: readonly string[];
  readonly cname?: string;
  readonly servfail?: boolean;
  readonly silent?: boolean;
  readonly ttl?: number;
}

export type Zone = Readonly<Record<string, ZoneRecords>>;

export interface TestDnsServer {
  /** "127.0.0.1:PORT", for --resolver and createNodeDnsClient({ server }). */
  readonly address: string;
  readonly port: number;
  /** Questions received, "TYPE name", in order. */
  readonly queries: string[];
  close(): Promise<void>;
}

/** Splits a long TXT string into 255-byte character-strings, as zone files do. */
function chunks(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += 255) out.push(s.slice(i, i + 255));
  return out.length === 0 ? [""] : out;
}

const TYPE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(Packet.TYPE as Record<string, number>).map(([k, v]) => [v, k]),
);

export async function startDnsServer(zone: Zone): Promise<TestDnsServer> {
  const lower = new Map(Object.entries(zone).map(([k, v]) => [k.toLowerCase().replace(/\.$/, ""), v]));
  const queries: string[] = [];
  const handle: dns2.DnsHandler = (request, send) => {
    const response = Packet.createResponseFromRequest(request);
    const question = request.questions[0];
    if (question === undefined) {
      send(response);
      return;
    }
    const name = question.name.toLowerCase().replace(/\.$/, "");
    const type = TYPE_NAMES[question.type] ?? String(question.type);
    queries.push(`${type} ${name}`);
    const rec = lower.get(name);
    if (rec?.silent === true) return;
    if (rec === undefined) {
      response.header.rcode = 3; // NXDOMAIN
      send(response);
      return;
    }
    if (rec.servfail === true) {
      response.header.rcode = 2;
      send(response);
      return;
    }
    // A CNAME is followed inside the zone, as a recursive resolver would: the chain, then the target's records.
    let owner = question.name;
    let at: ZoneRecords | undefined = rec;
    for (let hops = 0; at !== undefined && hops < 8; hops++) {
      const ttl = at.ttl ?? 300;
      const base = { name: owner, class: Packet.CLASS.IN, ttl };
      if (at.cname !== undefined) {
        response.answers.push(rr({ ...base, type: Packet.TYPE.CNAME, domain: at.cname }));
        owner = at.cname;
        const next = lower.get(at.cname.toLowerCase().replace(/\.$/, ""));
        at = next?.silent === true || next?.servfail === true ? undefined : next;
        continue;
      }
      if (type === "TXT") {
        for (const t of at.TXT ?? []) {
          response.answers.push(
            rr({ ...base, type: Packet.TYPE.TXT, data: typeof t === "string" ? chunks(t) : [...t] }),
          );
        }
      } else if (type === "MX") {
        for (const m of at.MX ?? []) response.answers.push(rr({ ...base, type: Packet.TYPE.MX, ...m }));
      } else if (type === "A") {
        for (const a of at.A ?? []) response.answers.push(rr({ ...base, type: Packet.TYPE.A, address: a }));
      } else if (type === "AAAA") {
        for (const a of at.AAAA ?? []) response.answers.push(rr({ ...base, type: Packet.TYPE.AAAA, address: a }));
      } else if (type === "PTR") {
        for (const p of at.PTR ?? []) response.answers.push(rr({ ...base, type: Packet.TYPE.PTR, domain: p }));
      }
      break;
    }
    send(response);
  };
  const udp = dns2.createUDPServer(handle);
  const tcp = dns2.createTCPServer(handle);
  await udp.listen(0, "127.0.0.1");
  const port = udp.address().port;
  await new Promise<void>((resolve, reject) => {
    tcp.once("error", reject);
    tcp.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    address: `127.0.0.1:${port}`,
    port,
    queries,
    close: async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}
