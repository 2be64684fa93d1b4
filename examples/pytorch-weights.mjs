// Move weights between gradscope and PyTorch as plain JSON (PyTorch's names and layout).
// In Python:  json.dump({k: v.tolist() for k, v in cell.state_dict().items()}, f)
//       and:  cell.load_state_dict({k: torch.tensor(v) for k, v in json.load(f).items()})
// Run: npm run build && node examples/pytorch-weights.mjs
import { LSTMCell, randn, unroll } from 'gradscope';

const cell = new LSTMCell({ inputSize: 3, hiddenSize: 4, seed: 0 });
const json = JSON.stringify(cell.stateDict()); // what PyTorch's state_dict gives, as nested lists
for (const [name, value] of Object.entries(JSON.parse(json))) {
  console.log(`${name}: [${value.length}${Array.isArray(value[0]) ? `, ${value[0].length}` : ''}]`);
}
const copy = new LSTMCell({ inputSize: 3, hiddenSize: 4, seed: 123 }); // other weights
copy.loadStateDict(JSON.parse(json)); // shape-checked, names checked
const x = randn([5, 2, 3], { seed: 1 });
const a = unroll(cell, x).outputs[4];
const b = unroll(copy, x).outputs[4];
console.log(`same outputs after the round trip: ${a.sub(b).abs().max().item() === 0}`);
