import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createBlockEvaluator } from '../../src/engine/blockEvaluator'
import { compileScenario } from '../../src/engine/compileScenario'
import { loadScenario } from '../../src/node'
import { ExactSum } from '../../src/run/internal/exactSum'
import { QuantileSketch } from '../../src/run/internal/quantileSketch'
import { SummaryAccumulator } from '../../src/run/internal/summaryAccumulator'
import { wilsonInterval } from '../../src/run/wilsonInterval'

describe('ExactSum', () => {
  it('is correctly rounded where naive summation is not', () => {
    const sum = new ExactSum()
    for (const x of [1e100, 1, -1e100, 1e-30]) sum.add(x)
    expect(sum.value()).toBe(1 + 1e-30)
    const tenth = new ExactSum()
    for (let i = 0; i < 10; i++) tenth.add(0.1)
    expect(tenth.value()).toBe(1)
  })

  it('does not depend on the order of additions or the grouping of merges', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), {
          maxLength: 60,
        }),
        fc.nat(),
        (xs, cut) => {
          const forward = new ExactSum()
          for (const x of xs) forward.add(x)
          const backward = new ExactSum()
          for (const x of [...xs].reverse()) backward.add(x)
          const left = new ExactSum()
          const right = new ExactSum()
          const k = xs.length === 0 ? 0 : cut % xs.length
          for (const x of xs.slice(0, k)) left.add(x)
          for (const x of xs.slice(k)) right.add(x)
          right.addAll(left)
          expect(Object.is(backward.value(), forward.value()) || backward.value() === forward.value()).toBe(
            true,
          )
          expect(right.value() === forward.value()).toBe(true)
        },
      ),
    )
  })
})

describe('QuantileSketch', () => {
  it('answers quantiles within its 0.5% relative accuracy', () => {
    const sketch = new QuantileSketch()
    const values: number[] = []
    for (let i = 1; i <= 10_001; i++) {
      const v = (i - 5001) / 100
      values.push(v)
      sketch.add(v)
    }
    for (const q of [0.05, 0.5, 0.95]) {
      const exact = values[Math.floor(q * (values.length - 1))]!
      expect(Math.abs(sketch.quantile(q) - exact)).toBeLessThanOrEqual(
        (2 ** -7 / (2 + 2 ** -7)) * Math.abs(exact) + 1e-12,
      )
    }
  })

  it('merges exactly: two halves give the same quantiles as the whole', () => {
    const whole = new QuantileSketch()
    const a = new QuantileSketch()
    const b = new QuantileSketch()
    for (let i = 0; i < 5000; i++) {
      const v = Math.sin(i) * 10 ** (i % 7)
      whole.add(v)
      ;(i % 3 === 0 ? a : b).add(v)
    }
    b.merge(a)
    for (const q of [0, 0.05, 0.5, 0.95, 1]) expect(b.quantile(q)).toBe(whole.quantile(q))
  })

  // addColumn counts into 16-bit pending buckets, flushed before they could overflow: a column of a
  // million values, mostly in one bucket, passes that limit many times over, in calls of every size.
  it("adds a column's finite values exactly as it adds them one by one, past the pending counts' 16-bit limit", () => {
    const special = [0, -0, 1e-12, -1e-10, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]
    const size = 1_000_000
    const values = new Float64Array(size)
    const mask = new Uint8Array(size)
    for (let i = 0; i < size; i++) {
      values[i] =
        i % 1000 === 7
          ? special[Math.floor(i / 1000) % special.length]!
          : i % 3 === 0
            ? Math.sin(i) * 10 ** (i % 5)
            : 1.5
      mask[i] = i % 11 === 0 ? 0 : 1
    }
    const one = new QuantileSketch()
    for (let i = 0; i < size; i++) if (mask[i] === 1 && Number.isFinite(values[i])) one.add(values[i]!)
    const columns = new QuantileSketch()
    for (let at = 0, n = 1; at < size; at += n, n = (n * 7 + 3) % 150_001)
      columns.addColumn(values, at, Math.min(n, size - at), mask)
    expect(columns.toJSON()).toEqual(one.toJSON())
    const unmasked = new QuantileSketch()
    unmasked.addColumn(values, 0, size)
    const byValue = new QuantileSketch()
    for (const v of values) if (Number.isFinite(v)) byValue.add(v)
    expect(unmasked.toJSON()).toEqual(byValue.toJSON())
    for (const q of [0, 0.05, 0.5, 0.95, 1]) expect(unmasked.quantile(q)).toBe(byValue.quantile(q))
  })

  it('merges and reads pending counts: a sketch filled by columns merges like one filled by values', () => {
    const values = Float64Array.from({ length: 5000 }, (_, i) => Math.cos(i) * 10 ** (i % 4))
    const a = new QuantileSketch()
    a.addColumn(values, 0, 2500)
    const b = new QuantileSketch()
    b.addColumn(values, 2500, 2500)
    b.merge(a)
    const whole = new QuantileSketch()
    for (const v of values) whole.add(v)
    expect(b.toJSON()).toEqual(whole.toJSON())
    expect(QuantileSketch.fromJSON(b.toJSON()).quantile(0.3)).toBe(whole.quantile(0.3))
  })
})

describe('wilsonInterval', () => {
  it('matches the textbook values', () => {
    const [lo, hi] = wilsonInterval(0.1, 50)
    expect(lo).toBeCloseTo(0.04348, 4)
    expect(hi).toBeCloseTo(0.21357, 4)
    expect(wilsonInterval(0, 10)[0]).toBe(0)
    expect(wilsonInterval(1, 10)[1]).toBe(1)
  })
})

describe('SummaryAccumulator: driver sums', () => {
  // Four sums are added in one loop; each must still run over the trials in order, as one loop per pair
  // would. Full precision: the partial sums, not the summary's 12 digits.
  for (const [file, options] of [
    ['scenarios/isf-pakistan.yaml', 9],
    ['bench/synthetic.yaml', 15],
    ['scenarios/isf-coalition.yaml', 16],
  ] as const)
    it(`${file} (${options} options): each block's Σ x y and Σ y² bit for bit as pair by pair`, async () => {
      const loaded = await loadScenario(file)
      if (loaded._tag === 'Left') throw new Error(`${file} does not load`)
      const scenario = loaded.right
      const compiled = compileScenario(scenario)
      expect(compiled.optionCount).toBe(options)
      const manifest = { scenario: scenario.id, scenarioHash: '', seed: '5', trials: 0, blockSize: 0 }
      const accumulator = new SummaryAccumulator(compiled, {
        drivers: true,
        manifest: { ...manifest, statecraft: '', engine: 0 },
      })
      const evaluator = createBlockEvaluator(compiled)
      const inputs = compiled.inputs.flatMap((input, c) => (/^(choice|select):/.test(input.id) ? [] : [c]))
      const squares = Array.from({ length: options }, () => new ExactSum())
      const crosses = Array.from({ length: inputs.length * options }, () => new ExactSum())
      for (const [block, count] of [
        [0, 1024],
        [3, 777],
      ] as const) {
        const out = evaluator.evaluate('5', block, count)
        const B = out.blockSize
        for (let j = 0; j < options; j++) {
          let q = 0
          for (let t = 0; t < count; t++) q += out.probabilities[j * B + t]! * out.probabilities[j * B + t]!
          squares[j]!.add(q)
          inputs.forEach((c, i) => {
            let xy = 0
            for (let t = 0; t < count; t++) xy += out.columns[c * B + t]! * out.probabilities[j * B + t]!
            crosses[i * options + j]!.add(xy)
          })
        }
        accumulator.addBlock(out)
      }
      const data = accumulator.toJSON()
      expect(data.probabilitySquares).toEqual(squares.map((sum) => sum.toJSON()))
      expect(data.crossSums).toEqual(crosses.map((sum) => sum.toJSON()))
    })
})
