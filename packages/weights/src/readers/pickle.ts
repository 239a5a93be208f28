// A safe interpreter for the subset of the pickle protocol (Python `pickletools`, protocols 2–5)
// that `torch.save` emits for tensors (specs/weights.md §13.6). It never executes anything: GLOBAL
// resolves only against an allowlist mapped to plain data builders, and REDUCE calls only those
// builders. Any other global — a pickled nn.Module, numpy reconstruction, `_rebuild_qtensor`,
// `os.system` — is `E_UNSAFE_PICKLE` naming it. Opcodes, memo and stack are capped.
import { readerError } from './reader-errors.js';

/** An allowlisted global, resolved to what it builds. */
export class PickleGlobal {
  constructor(readonly module: string, readonly name: string, readonly builds: 'ordered-dict' | 'rebuild-tensor' | 'rebuild-parameter' | 'storage-type' | 'dtype' | 'size') {}
  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }
}
export class PickleTuple {
  constructor(readonly items: unknown[]) {}
}
export class PickleDict {
  readonly map = new Map<unknown, unknown>();
}
/** `('storage', storage_type, key, location, numel)` from BINPERSID. */
export class PickleStorage {
  constructor(readonly storageType: string, readonly key: string, readonly location: string, readonly numel: number) {}
}
/** `torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, …)`. */
export class PickleTensor {
  constructor(readonly storage: PickleStorage, readonly offset: number, readonly size: number[], readonly stride: number[]) {}
}

const storageTypes = new Set([
  'DoubleStorage', 'FloatStorage', 'HalfStorage', 'BFloat16Storage', 'LongStorage', 'IntStorage', 'ShortStorage', 'CharStorage', 'ByteStorage', 'BoolStorage',
  'ComplexFloatStorage', 'ComplexDoubleStorage', 'QInt8Storage', 'QUInt8Storage', 'QInt32Storage', 'QUInt4x2Storage', 'QUInt2x4Storage',
]);
const torchDTypes = new Set(['float64', 'float32', 'float16', 'bfloat16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool', 'double', 'float', 'half', 'long', 'int', 'short']);

/** The allowlist (specs/weights.md §13.6). Everything else is refused. */
export function resolvePickleGlobal(module: string, name: string): PickleGlobal | undefined {
  if (module === 'collections' && name === 'OrderedDict') return new PickleGlobal(module, name, 'ordered-dict');
  if (module === 'torch._utils' && name === '_rebuild_tensor_v2') return new PickleGlobal(module, name, 'rebuild-tensor');
  if (module === 'torch._utils' && name === '_rebuild_parameter') return new PickleGlobal(module, name, 'rebuild-parameter');
  if (module === 'torch' && storageTypes.has(name)) return new PickleGlobal(module, name, 'storage-type');
  if (module === 'torch.storage' && name === 'UntypedStorage') return new PickleGlobal(module, name, 'storage-type');
  if (module === 'torch' && torchDTypes.has(name)) return new PickleGlobal(module, name, 'dtype');
  if (module === 'torch' && name === 'Size') return new PickleGlobal(module, name, 'size');
  return undefined;
}

export interface PickleLimits {
  maxOperations: number;
  maxMemo: number;
}

const MARK = Symbol('mark');

/**
 * Runs the pickle program in `bytes` and returns the value it builds, with tensors as
 * `PickleTensor`s, dicts as `PickleDict`s and tuples as `PickleTuple`s.
 */
export function unpickle(bytes: Uint8Array, file: string, entry: string, limits: PickleLimits): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  let p = 0;
  let stack: unknown[] = [];
  const marks: unknown[][] = [];
  const memo = new Map<number, unknown>();
  const maxStack = 1_000_000;
  let operations = 0;
  const latin1 = new TextDecoder('latin1');
  const utf8 = new TextDecoder('utf-8', { fatal: true });

  const malformed = (message: string): never => {
    throw readerError('E_MALFORMED', file, `${entry}: invalid pickle (${message}) at byte ${p}`, { entry });
  };
  const need = (k: number): void => {
    if (p + k > n) throw readerError('E_TRUNCATED', file, `${entry}: the pickle stream ends inside an opcode at byte ${p} (needs ${k} more bytes, ${n - p} left)`, { entry, expectedBytes: p + k, actualBytes: n });
  };
  const pop = (): unknown => {
    if (stack.length === 0) malformed('stack underflow');
    const v = stack.pop();
    if (v === MARK) malformed('unexpected MARK');
    return v;
  };
  const top = (): unknown => {
    if (stack.length === 0) malformed('stack underflow');
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const items = stack;
    const previous = marks.pop();
    if (!previous) malformed('no MARK on the stack');
    stack = previous!;
    return items;
  };
  const push = (v: unknown): void => {
    if (stack.length >= maxStack) throw readerError('E_LIMIT', file, `${entry}: the pickle stack exceeds ${maxStack} items`, { entry });
    stack.push(v);
  };
  const put = (index: number): void => {
    if (!memo.has(index) && memo.size >= limits.maxMemo) {
      throw readerError('E_LIMIT', file, `${entry}: the pickle memo exceeds the cap maxPickleMemo = ${limits.maxMemo}`, { entry });
    }
    memo.set(index, top());
  };
  const get = (index: number): void => {
    if (!memo.has(index)) malformed(`memo key ${index} is not defined`);
    push(memo.get(index));
  };
  const text = (length: number, decoder: TextDecoder): string => {
    need(length);
    let s: string;
    try {
      s = decoder.decode(bytes.subarray(p, p + length));
    } catch {
      return malformed('a string is not valid UTF-8');
    }
    p += length;
    return s;
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, p);
    if (end < 0 || end - p > 4096) malformed('GLOBAL operand is not a newline-terminated name');
    const s = latin1.decode(bytes.subarray(p, end));
    p = end + 1;
    return s;
  };
  const global = (module: string, name: string): void => {
    const g = resolvePickleGlobal(module, name);
    if (!g) {
      throw readerError('E_UNSAFE_PICKLE', file, `${entry}: the pickle references the global '${module}.${name}', which is not on the allowlist of tensor-rebuild functions (nothing was executed)`, { entry, global: `${module}.${name}` });
    }
    push(g);
  };
  const unsafeOpcode = (label: string): never => {
    throw readerError('E_UNSAFE_PICKLE', file, `${entry}: the pickle uses opcode ${label}, which builds arbitrary objects (nothing was executed)`, { entry });
  };
  const asInt = (v: unknown, what: string): number => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) malformed(`${what} must be an integer`);
    return v as number;
  };
  const intList = (v: unknown, what: string): number[] => {
    const items = v instanceof PickleTuple ? v.items : Array.isArray(v) ? v : malformed(`${what} must be a tuple`);
    return (items as unknown[]).map((x) => asInt(x, what));
  };
  const reduce = (callable: unknown, args: unknown): unknown => {
    if (!(callable instanceof PickleGlobal)) return malformed('REDUCE on something that is not an allowlisted global');
    const a = args instanceof PickleTuple ? args.items : malformed('REDUCE arguments must be a tuple');
    switch (callable.builds) {
      case 'ordered-dict': {
        const d = new PickleDict();
        const pairs = a[0];
        if (pairs !== undefined) {
          const list = pairs instanceof PickleTuple ? pairs.items : Array.isArray(pairs) ? pairs : malformed('OrderedDict argument must be a list of pairs');
          for (const pair of list as unknown[]) {
            const kv = pair instanceof PickleTuple ? pair.items : Array.isArray(pair) ? pair : malformed('OrderedDict pairs must be tuples');
            if ((kv as unknown[]).length !== 2) malformed('OrderedDict pairs must have two items');
            d.map.set((kv as unknown[])[0], (kv as unknown[])[1]);
          }
        }
        return d;
      }
      case 'rebuild-tensor': {
        if (a.length < 4) malformed('_rebuild_tensor_v2 needs (storage, offset, size, stride, …)');
        const storage = a[0];
        if (!(storage instanceof PickleStorage)) return malformed('_rebuild_tensor_v2: the first argument is not a persistent storage');
        return new PickleTensor(storage, asInt(a[1], 'storage offset'), intList(a[2], 'size'), intList(a[3], 'stride'));
      }
      case 'rebuild-parameter': {
        if (!(a[0] instanceof PickleTensor)) malformed('_rebuild_parameter: the first argument is not a tensor');
        return a[0];
      }
      case 'size':
        return new PickleTuple(intList(a[0] ?? new PickleTuple([]), 'torch.Size'));
      default:
        return malformed(`${callable.qualifiedName} cannot be called`);
    }
  };

  for (;;) {
    if (++operations > limits.maxOperations) {
      throw readerError('E_LIMIT', file, `${entry}: the pickle runs more than maxPickleOperations = ${limits.maxOperations} opcodes`, { entry });
    }
    need(1);
    const op = bytes[p++]!;
    switch (op) {
      case 0x80: need(1); if (bytes[p]! > 5) malformed(`unsupported protocol ${bytes[p]}`); p++; break; // PROTO
      case 0x95: need(8); p += 8; break; // FRAME: framing is advisory; the bytes follow inline
      case 0x28: marks.push(stack); stack = []; break; // MARK
      case 0x2e: { // STOP
        if (stack.length !== 1 || marks.length !== 0) malformed('STOP with a stack that does not hold exactly one value');
        return stack[0];
      }
      case 0x7d: push(new PickleDict()); break; // EMPTY_DICT
      case 0x5d: push([]); break; // EMPTY_LIST
      case 0x29: push(new PickleTuple([])); break; // EMPTY_TUPLE
      case 0x74: push(new PickleTuple(popMark())); break; // TUPLE
      case 0x85: push(new PickleTuple([pop()])); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); push(new PickleTuple([a, b])); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); push(new PickleTuple([a, b, c])); break; } // TUPLE3
      case 0x71: need(1); put(bytes[p++]!); break; // BINPUT
      case 0x72: need(4); put(view.getUint32(p, true)); p += 4; break; // LONG_BINPUT
      case 0x94: put(memo.size); break; // MEMOIZE
      case 0x68: need(1); get(bytes[p++]!); break; // BINGET
      case 0x6a: need(4); get(view.getUint32(p, true)); p += 4; break; // LONG_BINGET
      case 0x4a: need(4); push(view.getInt32(p, true)); p += 4; break; // BININT
      case 0x4b: need(1); push(bytes[p++]!); break; // BININT1
      case 0x4d: need(2); push(view.getUint16(p, true)); p += 2; break; // BININT2
      case 0x8a: { // LONG1: little-endian two's complement of n bytes
        need(1);
        const k = bytes[p++]!;
        need(k);
        let v = 0n;
        for (let i = k - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[p + i]!);
        if (k > 0 && bytes[p + k - 1]! & 0x80) v -= 1n << BigInt(8 * k);
        p += k;
        push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: need(8); push(view.getFloat64(p, false)); p += 8; break; // BINFLOAT (big-endian)
      case 0x8c: { need(1); const k = bytes[p++]!; push(text(k, utf8)); break; } // SHORT_BINUNICODE
      case 0x58: { need(4); const k = view.getUint32(p, true); p += 4; push(text(k, utf8)); break; } // BINUNICODE
      case 0x8d: { need(8); const k = Number(view.getBigUint64(p, true)); p += 8; push(text(k, utf8)); break; } // BINUNICODE8
      case 0x43: { need(1); const k = bytes[p++]!; need(k); push(bytes.slice(p, p + k)); p += k; break; } // SHORT_BINBYTES
      case 0x42: { need(4); const k = view.getUint32(p, true); p += 4; need(k); push(bytes.slice(p, p + k)); p += k; break; } // BINBYTES
      case 0x4e: push(null); break; // NONE
      case 0x88: push(true); break; // NEWTRUE
      case 0x89: push(false); break; // NEWFALSE
      case 0x73: { // SETITEM
        const v = pop(); const k = pop(); const d = top();
        if (!(d instanceof PickleDict)) malformed('SETITEM on a non-dict');
        (d as PickleDict).map.set(k, v);
        break;
      }
      case 0x75: { // SETITEMS
        const items = popMark();
        const d = top();
        if (!(d instanceof PickleDict)) malformed('SETITEMS on a non-dict');
        if (items.length % 2) malformed('SETITEMS with an odd number of items');
        for (let i = 0; i < items.length; i += 2) (d as PickleDict).map.set(items[i], items[i + 1]);
        break;
      }
      case 0x61: { const v = pop(); const l = top(); if (!Array.isArray(l)) malformed('APPEND on a non-list'); (l as unknown[]).push(v); break; } // APPEND
      case 0x65: { // APPENDS
        const items = popMark();
        const l = top();
        if (!Array.isArray(l)) malformed('APPENDS on a non-list');
        for (const v of items) (l as unknown[]).push(v);
        break;
      }
      case 0x51: { // BINPERSID: ('storage', storage_type, key, location, numel)
        const pid = pop();
        const t = pid instanceof PickleTuple ? pid.items : malformed('persistent id is not a tuple');
        if (t[0] !== 'storage' || t.length < 5) malformed("persistent id is not ('storage', type, key, location, numel)");
        const type = t[1];
        if (!(type instanceof PickleGlobal) || type.builds !== 'storage-type') malformed('persistent id names no storage type');
        const key = t[2];
        if (typeof key !== 'string' || !/^[A-Za-z0-9_.-]{1,256}$/.test(key)) malformed('storage key must be a short plain name');
        push(new PickleStorage((type as PickleGlobal).name, key as string, String(t[3]), asInt(t[4], 'storage numel')));
        break;
      }
      case 0x63: { const module = line(); const name = line(); global(module, name); break; } // GLOBAL
      case 0x93: { // STACK_GLOBAL
        const name = pop(); const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') malformed('STACK_GLOBAL operands must be strings');
        global(module as string, name as string);
        break;
      }
      case 0x52: { const args = pop(); const callable = pop(); push(reduce(callable, args)); break; } // REDUCE
      case 0x62: { // BUILD: state for OrderedDict attributes (state_dict._metadata) or tensors; kept as plain data, ignored
        pop();
        const target = top();
        if (!(target instanceof PickleDict || target instanceof PickleTensor)) malformed('BUILD on an object that is not a dict or tensor');
        break;
      }
      // Opcodes that construct arbitrary objects or look up extension registries: refused.
      case 0x69: unsafeOpcode('INST'); break;
      case 0x6f: unsafeOpcode('OBJ'); break;
      case 0x81: unsafeOpcode('NEWOBJ'); break;
      case 0x92: unsafeOpcode('NEWOBJ_EX'); break;
      case 0x82: case 0x83: case 0x84: unsafeOpcode('EXT'); break;
      case 0x50: unsafeOpcode('PERSID'); break;
      default:
        malformed(`opcode 0x${op.toString(16).padStart(2, '0')} is not in the tensor-rebuild subset`);
    }
  }
}
