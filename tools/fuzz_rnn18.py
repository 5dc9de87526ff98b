"""Differential fuzzer of recurrent and attention modules (session 18, rnn18): the same case list under PyTorch and
gradlib, then a diff.

    /work/benchvenv/bin/python tools/fuzz_rnn18.py torch  OUT.json [FILTER]   # PyTorch
    /work/venv/bin/python tools/fuzz_rnn18.py gradlib OUT.json [FILTER]       # gradlib
    python tools/fuzz_rnn18.py diff TORCH.json GRADLIB.json [FILTER]          # classes of differences

Cases are drawn systematically (a fixed seed for the combinations it samples) per family: nn.RNN/LSTM/GRU with
packed sequences, h0/c0 forms and errors, the cells, nn.MultiheadAttention, F.scaled_dot_product_attention and the
transformer layers, each as a float32 forward (``RUN``) or a float64 forward with input and parameter gradients
(``GR``/``GF``), plus argument errors and constructor warnings. Parameters are set from a fixed pattern (``FIX``)
in both libraries. The builders and the evaluation are tests/reference/rnn18.py's; the cases that found a
difference are copied there.
"""
import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import rnn18 as R  # noqa: E402
from _differential import main  # noqa: E402 (this folder, sys.path's first entry)


def _rnn(cases, rng):
    for n in range(260):
        cls = rng.choice(("RNN", "LSTM", "GRU"))
        layers = rng.choice((1, 2))
        bidi = rng.choice((False, True))
        first = rng.choice((False, True))
        bias = rng.choice((True, True, False))
        proj = rng.choice((0, 0, 2)) if cls == "LSTM" else 0
        extra = f", proj_size={proj}" if proj else ""
        if cls == "RNN" and rng.random() < 0.3:
            extra += ", nonlinearity='relu'"
        T, N = rng.choice(((4, 2), (1, 2), (3, 0), (1, 1), (0, 2)))
        unbatched = rng.random() < 0.2
        shape = (T, 3) if unbatched else ((N, T, 3) if first else (T, N, 3))
        x = f"X({', '.join(map(str, shape))})"
        d = 2 if bidi else 1
        hsize = proj or 5
        hform = rng.choice(("none", "none", "right", "wrong_layers", "wrong_batch", "wrong_size", "unbatched_3d"))
        def h(size, form=hform):
            lead = layers * d
            if form == "wrong_layers":
                lead += 1
            hs = (lead, size) if unbatched else (lead, N + (form == "wrong_batch"), size + (form == "wrong_size"))
            if form == "unbatched_3d" and unbatched:
                hs = (lead, 1, size)
            return f"X({', '.join(map(str, hs))}, v=1)"
        args = x
        if hform != "none":
            args += f", ({h(hsize)}, {h(5)})" if cls == "LSTM" else f", {h(hsize)}"
        runner = rng.choice(("RUN", "GR"))
        cases[f"rnn/{n}"] = (f"{runner}(nn.{cls}(3, 5, num_layers={layers}, bias={bias}, batch_first={first}, "
                             f"bidirectional={bidi}{extra}), {args})")
    for cls in ("RNN", "LSTM", "GRU"):
        cases[f"rnn_ctor/{cls}/dropout_1"] = f"repr(nn.{cls}(3, 5, dropout=0.5))"
        cases[f"rnn_ctor/{cls}/dropout_2"] = f"repr(nn.{cls}(3, 5, 2, dropout=0.5))"
        cases[f"rnn_ctor/{cls}/dropout_bad"] = f"nn.{cls}(3, 5, dropout=1.5)"
        cases[f"rnn_ctor/{cls}/dropout_bool"] = f"nn.{cls}(3, 5, dropout=True)"
        cases[f"rnn_ctor/{cls}/hidden_0"] = f"nn.{cls}(3, 0)"
        cases[f"rnn_ctor/{cls}/layers_0"] = f"nn.{cls}(3, 5, 0)"
        cases[f"rnn_ctor/{cls}/hidden_float"] = f"nn.{cls}(3, 5.0)"
        cases[f"rnn_ctor/{cls}/repr"] = f"repr(nn.{cls}(3, 5, 2, bias=False, batch_first=True, bidirectional=True))"
        cases[f"rnn_ctor/{cls}/params"] = f"[n for n, _ in nn.{cls}(3, 5, 2, bidirectional=True).named_parameters()]"
        cases[f"rnn_ctor/{cls}/input_4d"] = f"RUN(nn.{cls}(3, 5), X(1, 2, 3, 3))"
        cases[f"rnn_ctor/{cls}/input_1d"] = f"RUN(nn.{cls}(3, 5), X(3))"
        cases[f"rnn_ctor/{cls}/input_size"] = f"RUN(nn.{cls}(3, 5), X(4, 2, 4))"
        cases[f"rnn_ctor/{cls}/input_float64"] = f"RUN(nn.{cls}(3, 5), X(4, 2, 3, dt='float64'))"
        cases[f"rnn_ctor/{cls}/input_int"] = f"RUN(nn.{cls}(3, 5), X(4, 2, 3, dt='int64'))"
        cases[f"rnn_ctor/{cls}/double"] = f"RUN(nn.{cls}(3, 5).double(), X(4, 2, 3, dt='float64'))"
        cases[f"rnn_ctor/{cls}/flatten"] = f"nn.{cls}(3, 5).flatten_parameters()"
    cases["rnn_ctor/RNN/bad_nonlinearity"] = "nn.RNN(3, 5, nonlinearity='gelu')"
    cases["rnn_ctor/LSTM/proj_repr"] = "repr(nn.LSTM(3, 5, proj_size=2))"
    cases["rnn_ctor/GRU/proj"] = "nn.GRU(3, 5, proj_size=2)"
    cases["rnn_ctor/RNN/proj"] = "nn.RNN(3, 5, proj_size=2)"


def _packed(cases, rng):
    lens_options = ("[4, 3, 1]", "[4, 4, 4]", "[1, 3, 4]", "[4, 1, 2]", "[4, 0, 2]", "[5, 3, 1]", "[1, 1, 1]")
    for n in range(160):
        cls = rng.choice(("RNN", "LSTM", "GRU"))
        first = rng.choice((False, True))
        bidi = rng.choice((False, True))
        layers = rng.choice((1, 2))
        sort = rng.choice((True, False))
        lens = rng.choice(lens_options)
        lens_t = rng.choice(("list", "tensor", "cuda"))
        lexpr = lens if lens_t == "list" else (f"I({lens})" if lens_t == "tensor" else f"lib.tensor({lens})")
        x = "X(3, 4, 3)" if first else "X(4, 3, 3)"
        total = rng.choice(("", "", ", total_length=6", ", total_length=2"))
        padv = rng.choice(("", ", padding_value=-1.0"))
        runner = rng.choice(("RUN", "GF"))
        proj = ", proj_size=2" if cls == "LSTM" and rng.random() < 0.3 else ""
        body = (f"(lambda m: (lambda o: [U.pad_packed_sequence(o[0], batch_first={first}{total}{padv}), o[1]])"
                f"(m(U.pack_padded_sequence(x, {lexpr}, batch_first={first}, enforce_sorted={sort}))))"
                f"(FIX(nn.{cls}(3, 5, {layers}, batch_first={first}, bidirectional={bidi}{proj})"
                f"{'.double()' if runner == 'GF' else ''}))")
        if runner == "RUN":
            cases[f"packed/{n}"] = f"(lambda x: {body})({x})"
        else:
            cases[f"packed/{n}"] = f"GF(lambda x: {body}, {x})"
    for n, lens in enumerate(lens_options):
        for sort in (True, False):
            cases[f"pack/{n}/{sort}"] = (f"(lambda p: [p, U.pad_packed_sequence(p)])"
                                         f"(U.pack_padded_sequence(X(4, 3, 2), {lens}, enforce_sorted={sort}))")
            cases[f"pack_fields/{n}/{sort}"] = (f"list(U.pack_padded_sequence(X(4, 3, 2), I({lens}), "
                                                f"enforce_sorted={sort}))")
    cases["pack_seq/sorted"] = "U.pack_sequence([X(3, 2), X(2, 2, v=1), X(1, 2, v=2)])"
    cases["pack_seq/unsorted"] = "U.pack_sequence([X(1, 2), X(3, 2, v=1), X(2, 2, v=2)], enforce_sorted=False)"
    cases["pack_seq/unsorted_enforced"] = "U.pack_sequence([X(1, 2), X(3, 2, v=1)])"
    cases["pack_seq/empty_list"] = "U.pack_sequence([])"
    cases["pack_seq/1d"] = "U.pack_sequence([X(3), X(2, v=1)])"
    cases["pack_seq/unpack"] = "U.unpack_sequence(U.pack_sequence([X(1, 2), X(3, 2, v=1)], enforce_sorted=False))"
    cases["pad_seq/basic"] = "U.pad_sequence([X(3, 2), X(1, 2, v=1)])"
    cases["pad_seq/batch_first"] = "U.pad_sequence([X(3, 2), X(1, 2, v=1)], batch_first=True, padding_value=9)"
    cases["pad_seq/left"] = "U.pad_sequence([X(3, 2), X(1, 2, v=1)], padding_side='left')"
    cases["pad_seq/bad_side"] = "U.pad_sequence([X(3, 2), X(1, 2, v=1)], padding_side='middle')"
    cases["pad_seq/empty"] = "U.pad_sequence([])"
    cases["unpad/basic"] = "U.unpad_sequence(X(3, 2, 2), I([3, 1]))"
    cases["unpad/batch_first"] = "U.unpad_sequence(X(2, 3, 2), I([3, 1]), batch_first=True)"
    cases["pack_err/lengths_2d"] = "U.pack_padded_sequence(X(4, 3, 2), I([[4, 3, 1]]))"
    cases["pack_err/lengths_count"] = "U.pack_padded_sequence(X(4, 3, 2), [4, 3])"
    cases["pack_err/too_long"] = "U.pack_padded_sequence(X(4, 3, 2), [5, 3, 1], enforce_sorted=False)"
    cases["pack_err/negative"] = "U.pack_padded_sequence(X(4, 3, 2), [4, 3, -1])"
    cases["pack_err/float_lengths"] = "U.pack_padded_sequence(X(4, 3, 2), lib.tensor([4.0, 3.0, 1.0]))"
    cases["pack_err/1d_input"] = "U.pack_padded_sequence(X(4), [4])"
    cases["pack_err/empty_batch"] = "U.pack_padded_sequence(X(4, 0, 2), [])"
    cases["packed_h0/right"] = ("RUN(nn.GRU(2, 3), U.pack_padded_sequence(X(4, 3, 2), [4, 3, 1]), X(1, 3, 3, v=1))")
    cases["packed_h0/unsorted"] = ("RUN(nn.GRU(2, 3), U.pack_padded_sequence(X(4, 3, 2), [1, 4, 3], "
                                   "enforce_sorted=False), X(1, 3, 3, v=1))")
    cases["packed_h0/lstm_unsorted"] = ("RUN(nn.LSTM(2, 3), U.pack_padded_sequence(X(4, 3, 2), [1, 4, 3], "
                                        "enforce_sorted=False), (X(1, 3, 3, v=1), X(1, 3, 3, v=2)))")
    cases["packed_h0/wrong_batch"] = ("RUN(nn.GRU(2, 3), U.pack_padded_sequence(X(4, 3, 2), [4, 3, 1]), "
                                      "X(1, 2, 3, v=1))")


def _cells(cases, rng):
    for cls in ("RNNCell", "LSTMCell", "GRUCell"):
        for bias in (True, False):
            for xs in ("X(2, 3)", "X(3)", "X(0, 3)", "X(1, 3)"):
                for hform in ("none", "right", "wrong_batch", "wrong_size", "unbatched_mismatch", "3d"):
                    batch = {"X(2, 3)": 2, "X(3)": None, "X(0, 3)": 0, "X(1, 3)": 1}[xs]
                    if hform == "right":
                        hs = (5,) if batch is None else (batch, 5)
                    elif hform == "wrong_batch":
                        hs = (3,) if batch is None else (batch + 1, 5)
                    elif hform == "wrong_size":
                        hs = (4,) if batch is None else (batch, 4)
                    elif hform == "unbatched_mismatch":
                        hs = (1, 5) if batch is None else (5,)
                    else:
                        hs = (1, 1, 5)
                    h = f"X({', '.join(map(str, hs))}, v=1)"
                    args = xs if hform == "none" else (f"{xs}, ({h}, {h})" if cls == "LSTMCell" else f"{xs}, {h}")
                    for runner in ("RUN", "GR"):
                        cases[f"cell/{cls}/{bias}/{xs}/{hform}/{runner}"] = (
                            f"{runner}(nn.{cls}(3, 5, bias={bias}), {args})")
        cases[f"cell/{cls}/input_size"] = f"RUN(nn.{cls}(3, 5), X(2, 4))"
        cases[f"cell/{cls}/3d"] = f"RUN(nn.{cls}(3, 5), X(1, 2, 3))"
        cases[f"cell/{cls}/0d"] = f"RUN(nn.{cls}(3, 5), X())"
        cases[f"cell/{cls}/repr"] = f"repr(nn.{cls}(3, 5, bias=False))"
        cases[f"cell/{cls}/dtype"] = f"RUN(nn.{cls}(3, 5), X(2, 3, dt='float64'))"
    cases["cell/RNNCell/relu"] = "GR(nn.RNNCell(3, 5, nonlinearity='relu'), X(2, 3))"
    cases["cell/RNNCell/bad"] = "nn.RNNCell(3, 5, nonlinearity='gelu')"
    cases["cell/LSTMCell/h_not_tuple"] = "RUN(nn.LSTMCell(3, 5), X(2, 3), X(2, 5))"


def _mha(cases, rng):
    for n in range(300):
        heads = rng.choice((1, 2))
        first = rng.choice((False, True))
        kv = rng.choice(("", "", ", kdim=3, vdim=5"))
        bias_kv = rng.choice((False, False, True))
        zero = rng.choice((False, False, True))
        bias = rng.choice((True, True, False))
        L, S, N = rng.choice(((3, 3, 2), (2, 4, 2), (1, 1, 1), (3, 3, 0), (2, 3, 1)))
        unbatched = rng.random() < 0.2
        kd, vd = (3, 5) if kv else (4, 4)
        def shp(length, dim):
            if unbatched:
                return f"X({length}, {dim}, v={dim})"
            return f"X({N}, {length}, {dim}, v={dim})" if first else f"X({length}, {N}, {dim}, v={dim})"
        q, k, v = shp(L, 4), shp(S, kd), shp(S, vd)
        kwargs = []
        kpm = rng.choice(("", "", "bool", "float", "wrong"))
        if kpm:
            if kpm == "wrong":
                m = f"B([[False] * {S + 1}] * {max(N, 1)})"
            else:
                pattern = [[(j + b) % 3 == 2 for j in range(S)] for b in range(N)]
                if unbatched:
                    pattern = [(j % 3 == 2) for j in range(S)]
                m = f"B({pattern})"
                if kpm == "float":
                    m = f"({m}.float() * -2.5)"
            kwargs.append(f"key_padding_mask={m}")
        am = rng.choice(("", "", "bool2", "float2", "bool3", "float3", "causal", "wrong"))
        causal = rng.random() < 0.15
        if am:
            if am == "causal":
                m = f"nn.Transformer.generate_square_subsequent_mask({L})" if L == S else f"X({L}, {S})"
            elif am == "wrong":
                m = f"X({L + 1}, {S})"
            else:
                rows = max(N, 1) * heads if am.endswith("3") else None
                pattern = [[(i * 2 + j) % 4 == 3 for j in range(S)] for i in range(L)]
                m = f"B({pattern})"
                if rows is not None:
                    m = f"{m}.expand({rows}, {L}, {S})"
                if am.startswith("float"):
                    m = f"({m}.float() * -1.5)"
            kwargs.append(f"attn_mask={m}")
        if causal:
            kwargs.append("is_causal=True")
        need = rng.choice((True, True, False))
        if not need:
            kwargs.append("need_weights=False")
        if rng.random() < 0.3:
            kwargs.append("average_attn_weights=False")
        runner = rng.choice(("RUN", "GR", "EVAL"))
        module = f"nn.MultiheadAttention(4, {heads}, bias={bias}, add_bias_kv={bias_kv}, add_zero_attn={zero}{kv}, batch_first={first})"
        kw = (", " + ", ".join(kwargs)) if kwargs else ""
        if runner == "EVAL":
            cases[f"mha/{n}"] = f"NG(EV({module}), {q}, {k}, {v}{kw})"
        else:
            cases[f"mha/{n}"] = f"{runner}(KW({module}{kw}), {q}, {k}, {v})" if kwargs else \
                f"{runner}({module}, {q}, {k}, {v})"
    cases["mha_ctor/divisible"] = "nn.MultiheadAttention(5, 2)"
    cases["mha_ctor/zero_embed"] = "nn.MultiheadAttention(0, 1)"
    cases["mha_ctor/zero_heads"] = "nn.MultiheadAttention(4, 0)"
    cases["mha_ctor/params"] = "[n for n, _ in nn.MultiheadAttention(4, 2, kdim=3, vdim=5, add_bias_kv=True).named_parameters()]"
    cases["mha_ctor/params_same"] = "[n for n, _ in nn.MultiheadAttention(4, 2).named_parameters()]"
    cases["mha_ctor/repr"] = "repr(nn.MultiheadAttention(4, 2, kdim=3, vdim=5))"
    cases["mha_err/query_dim"] = "RUN(nn.MultiheadAttention(4, 2), X(3, 2, 5), X(3, 2, 4), X(3, 2, 4))"
    cases["mha_err/kv_len"] = "RUN(nn.MultiheadAttention(4, 2), X(3, 2, 4), X(3, 2, 4), X(2, 2, 4))"
    cases["mha_err/batch"] = "RUN(nn.MultiheadAttention(4, 2), X(3, 2, 4), X(3, 3, 4), X(3, 3, 4))"
    cases["mha_err/4d"] = "RUN(nn.MultiheadAttention(4, 2), X(1, 3, 2, 4), X(1, 3, 2, 4), X(1, 3, 2, 4))"
    cases["mha_err/causal_no_mask"] = "RUN(nn.MultiheadAttention(4, 2), X(3, 2, 4), X(3, 2, 4), X(3, 2, 4), is_causal=True)"
    cases["mha_err/mask_dtype"] = "RUN(nn.MultiheadAttention(4, 2), X(3, 2, 4), X(3, 2, 4), X(3, 2, 4), attn_mask=I([[0, 1, 0]] * 3))"
    cases["mha_err/kpm_dtype"] = "RUN(nn.MultiheadAttention(4, 2), X(3, 2, 4), X(3, 2, 4), X(3, 2, 4), key_padding_mask=I([[0, 1, 0]] * 2))"
    cases["mha_err/mask_mixed"] = ("RUN(nn.MultiheadAttention(4, 2), X(3, 2, 4), X(3, 2, 4), X(3, 2, 4), "
                                   "attn_mask=B([[False, True, False]] * 3), key_padding_mask=X(2, 3))")
    cases["mha_err/mask_3d_wrong"] = "RUN(nn.MultiheadAttention(4, 2), X(3, 2, 4), X(3, 2, 4), X(3, 2, 4), attn_mask=X(2, 3, 3))"
    cases["mha_err/mask_1d"] = "RUN(nn.MultiheadAttention(4, 2), X(3, 2, 4), X(3, 2, 4), X(3, 2, 4), attn_mask=X(3))"
    cases["mha_err/dtype"] = "RUN(nn.MultiheadAttention(4, 2), X(3, 2, 4, dt='float64'), X(3, 2, 4, dt='float64'), X(3, 2, 4, dt='float64'))"
    cases["mha/all_masked"] = ("RUN(nn.MultiheadAttention(4, 2), X(3, 2, 4), X(3, 2, 4), X(3, 2, 4), "
                               "key_padding_mask=B([[True] * 3, [False, True, True]]))")
    cases["mha/all_masked_eval"] = ("NG(EV(nn.MultiheadAttention(4, 2)), X(3, 2, 4), X(3, 2, 4), X(3, 2, 4), "
                                    "key_padding_mask=B([[True] * 3, [False, True, True]]))")


def _sdpa(cases, rng):
    shapes = (((2, 2, 3, 4), (2, 2, 5, 4), (2, 2, 5, 3)), ((3, 4), (3, 4), (3, 4)), ((2, 1, 4), (2, 3, 4), (2, 3, 2)),
              ((1, 4, 2, 4), (1, 2, 3, 4), (1, 2, 3, 4)), ((0, 2, 3, 4), (0, 2, 3, 4), (0, 2, 3, 4)),
              ((2, 2, 0, 4), (2, 2, 3, 4), (2, 2, 3, 4)), ((2, 2, 3, 4), (2, 2, 0, 4), (2, 2, 0, 4)),
              ((2, 3, 4), (2, 3, 5), (2, 3, 4)), ((2, 3, 4), (1, 3, 4), (1, 3, 4)), ((2, 3, 4), (2, 3, 4), (2, 4, 4)),
              ((2, 2, 3, 0), (2, 2, 3, 0), (2, 2, 3, 2)), ((4,), (4,), (4,)),
              ((2, 2, 3, 4), (2, 2, 5, 4), (2, 2, 5, 4)), ((1, 2, 3, 4), (1, 2, 3, 4), (1, 2, 3, 4)))
    for si, (qs, ks, vs) in enumerate(shapes):
        L, S = (qs[-2] if len(qs) > 1 else 1), (ks[-2] if len(ks) > 1 else 1)
        for mask in ("", "bool", "float", "bool_bcast", "float64", "all_false", "wrong"):
            for causal in (False, True):
                for extra in ("", ", scale=0.5", ", enable_gqa=True", ", dropout_p=0.0"):
                    for dt in ("float32", "float64"):
                        if extra and (mask not in ("", "bool") or dt == "float64"):
                            continue
                        kw = []
                        if mask:
                            pattern = [[(i + j) % 3 != 1 for j in range(S)] for i in range(L)]
                            m = {"bool": f"B({pattern})", "float": f"(B({pattern}).float() - 1) * 2.0",
                                 "bool_bcast": f"B([{[(j % 2 == 0) for j in range(S)]}])", "float64": f"X({L}, {S}, dt='float64')",
                                 "all_false": f"B([[False] * {S}] * {L})", "wrong": f"B([[True] * {S + 1}])"}[mask]
                            kw.append(f"attn_mask={m}")
                        if causal:
                            kw.append("is_causal=True")
                        args = ", ".join(kw) + extra
                        args = (", " + args.lstrip(", ")) if args else ""
                        xs = [f"X({', '.join(map(str, s))}, v={i}, dt='{dt}')" for i, s in enumerate((qs, ks, vs))]
                        runner = "GF" if dt == "float64" else "RUN_F"
                        cases[f"sdpa/{si}/{mask}/{causal}/{extra}/{dt}"] = (
                            f"{runner}(lambda q, k, v: F.scaled_dot_product_attention(q, k, v{args}), {', '.join(xs)})")
    cases["sdpa_err/dropout_neg"] = "F.scaled_dot_product_attention(X(2, 3, 4), X(2, 3, 4), X(2, 3, 4), dropout_p=-0.5)"
    cases["sdpa_err/dtype_mix"] = "F.scaled_dot_product_attention(X(2, 3, 4), X(2, 3, 4, dt='float64'), X(2, 3, 4))"
    cases["sdpa_err/int"] = "F.scaled_dot_product_attention(X(2, 3, 4, dt='int64'), X(2, 3, 4, dt='int64'), X(2, 3, 4, dt='int64'))"
    cases["sdpa_err/causal_and_mask"] = ("F.scaled_dot_product_attention(X(2, 3, 4), X(2, 3, 4), X(2, 3, 4), "
                                         "attn_mask=B([[True] * 3] * 3), is_causal=True)")
    cases["sdpa_err/mask_int"] = "F.scaled_dot_product_attention(X(2, 3, 4), X(2, 3, 4), X(2, 3, 4), attn_mask=I([[1] * 3] * 3))"
    cases["sdpa_err/gqa_bad"] = "F.scaled_dot_product_attention(X(1, 3, 2, 4), X(1, 2, 2, 4), X(1, 2, 2, 4), enable_gqa=True)"
    cases["sdpa/float16"] = "F.scaled_dot_product_attention(X(2, 3, 4, dt='float16'), X(2, 3, 4, v=1, dt='float16'), X(2, 3, 4, v=2, dt='float16'))"
    cases["sdpa/bfloat16"] = "F.scaled_dot_product_attention(X(2, 3, 4, dt='bfloat16'), X(2, 3, 4, v=1, dt='bfloat16'), X(2, 3, 4, v=2, dt='bfloat16'))"
    cases["sdpa/scale_0"] = "F.scaled_dot_product_attention(X(2, 3, 4), X(2, 3, 4, v=1), X(2, 3, 4, v=2), scale=0.0)"


def _transformer(cases, rng):
    for n in range(160):
        kind = rng.choice(("enc_layer", "dec_layer", "encoder", "decoder", "transformer"))
        first = rng.choice((False, True))
        nf = rng.choice((False, True))
        act = rng.choice(("'relu'", "'gelu'", "F.gelu", "lambda t: t.tanh()", "'tanh'"))
        bias = rng.choice((True, True, False))
        common = f"4, 2, 6, 0.0, {act}, batch_first={first}, norm_first={nf}, bias={bias}"
        L, S, N = rng.choice(((3, 3, 2), (2, 4, 2), (1, 1, 1), (3, 3, 0), (2, 3, 1)))
        unbatched = rng.random() < 0.15
        def sh(length, v):
            if unbatched:
                return f"X({length}, 4, v={v})"
            return f"X({N}, {length}, 4, v={v})" if first else f"X({length}, {N}, 4, v={v})"
        src, tgt = sh(S, 1), sh(L, 2)
        kw = []
        if rng.random() < 0.4:
            kw.append(("mask" if kind in ("enc_layer", "encoder") else "src_mask") + f"=nn.Transformer.generate_square_subsequent_mask({S})")
        if rng.random() < 0.3 and not unbatched:
            pat = [[(j + b) % 3 == 2 for j in range(S)] for b in range(N)]
            kw.append(("src_key_padding_mask" if kind in ("enc_layer", "encoder", "transformer") else "memory_key_padding_mask") + f"=B({pat})")
        if kind in ("dec_layer", "decoder", "transformer") and rng.random() < 0.4:
            kw.append(f"tgt_mask=nn.Transformer.generate_square_subsequent_mask({L})")
            if rng.random() < 0.5:
                kw.append("tgt_is_causal=True")
        if kind in ("enc_layer", "encoder") and rng.random() < 0.2 and any(k.startswith("mask") for k in kw):
            kw.append("is_causal=True")
        if kind == "enc_layer":
            mod, args = f"nn.TransformerEncoderLayer({common})", src
            kw = [k.replace("mask=", "src_mask=", 1) if k.startswith("mask=") else k for k in kw]
        elif kind == "dec_layer":
            mod, args = f"nn.TransformerDecoderLayer({common})", f"{tgt}, {src}"
        elif kind == "encoder":
            norm = rng.choice(("", ", norm=nn.LayerNorm(4)"))
            nested = rng.choice(("", ", enable_nested_tensor=False"))
            mod, args = f"nn.TransformerEncoder(nn.TransformerEncoderLayer({common}), 2{norm}{nested})", src
        elif kind == "decoder":
            norm = rng.choice(("", ", norm=nn.LayerNorm(4)"))
            mod, args = f"nn.TransformerDecoder(nn.TransformerDecoderLayer({common}), 2{norm})", f"{tgt}, {src}"
        else:
            mod = (f"nn.Transformer(4, 2, 1, 1, 6, 0.0, {act}, batch_first={first}, norm_first={nf}, bias={bias})")
            args = f"{src}, {tgt}"
        runner = rng.choice(("RUN", "GR", "EVAL"))
        kwargs = (", " + ", ".join(kw)) if kw else ""
        if runner == "EVAL":
            cases[f"tf/{kind}/{n}"] = f"NG(EV({mod}), {args}{kwargs})"
        elif kw:
            cases[f"tf/{kind}/{n}"] = f"{runner}(KW({mod}{kwargs}), {args})"
        else:
            cases[f"tf/{kind}/{n}"] = f"{runner}({mod}, {args})"
    for n in (0, 1, 3):
        cases[f"tf_mask/{n}"] = f"nn.Transformer.generate_square_subsequent_mask({n})"
        cases[f"tf_mask/{n}/f64"] = f"nn.Transformer.generate_square_subsequent_mask({n}, dtype=lib.float64)"
    cases["tf_mask/neg"] = "nn.Transformer.generate_square_subsequent_mask(-1)"
    cases["tf_ctor/encoder_warn"] = "repr(nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 6, norm_first=True), 2))"
    cases["tf_ctor/encoder_warn_first"] = "repr(nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 6, batch_first=True), 2))"
    cases["tf_ctor/encoder_warn_act"] = "repr(nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 6, activation=F.silu, batch_first=True), 2))"
    cases["tf_ctor/bad_act"] = "nn.TransformerEncoderLayer(4, 2, 6, activation='silu')"
    cases["tf_ctor/divisible"] = "nn.TransformerEncoderLayer(5, 2, 6)"
    cases["tf_ctor/layer_repr"] = "repr(nn.TransformerEncoderLayer(4, 2, 6))"
    cases["tf_ctor/dec_repr"] = "repr(nn.TransformerDecoderLayer(4, 2, 6, norm_first=True))"
    cases["tf_ctor/transformer_params"] = "[n for n, _ in nn.Transformer(4, 2, 1, 1, 6).named_parameters()]"
    cases["tf_err/src_tgt_batch"] = "RUN(nn.Transformer(4, 2, 1, 1, 6, 0.0), X(3, 2, 4), X(3, 3, 4))"
    cases["tf_err/feature"] = "RUN(nn.Transformer(4, 2, 1, 1, 6, 0.0), X(3, 2, 5), X(3, 2, 4))"
    cases["tf_err/dims"] = "RUN(nn.Transformer(4, 2, 1, 1, 6, 0.0), X(3, 4), X(3, 2, 4))"


def generate():
    cases = {}
    rng = random.Random(18)
    for family in (_rnn, _packed, _cells, _mha, _sdpa, _transformer):
        family(cases, rng)
    return cases


def _group(name, expression, c):
    return c + " " + "/".join(name.split("/")[:2 if name.startswith(("rnn_ctor", "cell", "tf/", "sdpa_err", "mha_err", "pack_err", "tf_")) else 1])


if __name__ == "__main__":
    main(generate, R.evaluate, group=_group, same=R.same)
