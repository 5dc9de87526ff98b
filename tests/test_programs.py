"""The PyTorch programs in examples/programs/ run unchanged through the runner (gradlib.run) and print what PyTorch
printed for them (tests/reference/torch_programs.json, recorded by tests/reference/programs.py).

Lines the recorder marked '~ ' depend on random numbers: on the CPU, whose stream is PyTorch's, they must match
PyTorch's as every other line does (the program starts from PyTorch's start-up seed, as recorded), but for the
few programs in RANDOM_BY_SHAPE; on a GPU (CuPy's stream) they must have the same shape, every number replaced. Every other line must match PyTorch's text, with ``torch.`` read as
``gradlib.`` and object addresses ignored; numbers match to the precision printed (one unit in the last printed
digit, or 1e-3 relative for results of long float32 training runs). The programs run in this process on the
device under test (its default device), so under --device cuda they run on the GPU and the stand-in's checks
apply to them.
"""
import contextlib
import io
import json
import math
import pathlib
import random
import re

import pytest

import gradlib
import gradlib.run
from device_text import without_device_suffix

ROOT = pathlib.Path(__file__).resolve().parents[1]
PROGRAMS = sorted((ROOT / "examples" / "programs").glob("p*.py"))
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_programs.json").read_text())
# A number stands alone: digits inside a name (`RoundBackward1`, `fc2`, `layers.0.weight`) are text.
NUMBER = re.compile(r"(?<![A-Za-z_.])(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf|nan)(?![A-Za-z_\d])")
ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


def _shape_of(line):
    return re.sub(r"\s+", "", NUMBER.sub("<n>", ADDRESS.sub("<addr>", line)))


def _close(got, expected):
    if got == expected:
        return True
    try:
        a, b = float(got), float(expected)
    except ValueError:
        return False
    if math.isnan(a) or math.isnan(b) or math.isinf(a) or math.isinf(b):
        return a == b or (math.isnan(a) and math.isnan(b))
    mantissa = re.split(r"[eE]", expected)[0]
    decimals = len(mantissa.partition(".")[2])
    exponent = int(re.split(r"[eE]", expected)[1]) if re.search(r"[eE]", expected) else 0
    unit = 10.0 ** (exponent - decimals)
    return abs(a - b) <= 1.01 * unit + 1e-3 * abs(b)


def lines_match(line, expected):
    """The same text around the numbers, and each number close (see the module's docstring)."""
    line, expected = ADDRESS.sub("0x", line), ADDRESS.sub("0x", expected)
    if line == expected:
        return True
    if re.sub(r"\s+", "", NUMBER.sub("<n>", line)) != re.sub(r"\s+", "", NUMBER.sub("<n>", expected)):
        return False
    return all(_close(a, b) for a, b in zip(NUMBER.findall(line), NUMBER.findall(expected)))


def line_matches_recorded(line, recorded):
    """``line`` against a recorded line ('~ ' random: the same shape; '  ': the same text, numbers close), with
    ``gradlib.`` read as ``torch.``: in reprs (``gradlib.Size``) gradlib names itself, where the program prints
    the word (a string literal 'torch.optim.SGD', ``x.type()``'s 'torch.FloatTensor') it prints PyTorch's."""
    line = line.replace("gradlib.", "torch.")
    random_line = recorded.startswith("~ ")
    recorded = recorded[2:]
    return _shape_of(line) == _shape_of(recorded) if random_line else lines_match(line, recorded)


def _on_cpu_terms(text, device):
    """A program's own lines on the device under test, as on the CPU: no device suffix on tensors, 'cpu' for the
    device's name (the programs make their tensors on the default device)."""
    text = without_device_suffix(text, device)
    name = str(gradlib.empty(0, device=device).device)
    if name != "cpu":
        index = name.partition(":")[2]
        text = text.replace(f" ({name})]", "]")  # a ParameterList's line names a CUDA device, never the CPU
        text = text.replace(f"device(type='cuda', index={index})", "device(type='cpu')").replace(name, "cpu")
    return text


_WRAPPED = ("grad_fn=", "requires_grad=", "dtype=", "device=")


def _join_wrapped(lines, prefixed=False):
    """A tensor's keyword suffix (``grad_fn=...``) that the printer wrapped onto a line of its own joined back to
    its line: where it wraps depends on the line's length, which a ``device='cuda:1'`` suffix changes."""
    joined = []
    for line in lines:
        body = line[2:] if prefixed else line
        if joined and body.lstrip().startswith(_WRAPPED) and joined[-1].rstrip().endswith(","):
            previous = joined[-1]
            if prefixed and line.startswith("~ "):
                previous = "~ " + previous[2:]
            joined[-1] = previous.rstrip() + " " + body.strip()
        else:
            joined.append(line)
    return joined


def test_there_are_at_least_25_programs_and_all_are_recorded():
    assert len(PROGRAMS) >= 25
    assert sorted(RECORDED) == [p.stem for p in PROGRAMS]
    assert f"holds {len(PROGRAMS)} such programs" in (ROOT / "README.md").read_text()


def test_line_comparison_can_fail():
    assert lines_match("loss 0.1234", "loss 0.1235")
    assert not lines_match("loss 0.1234", "loss 0.1244")
    assert not lines_match("loss 0.1234", "lost 0.1234")
    assert lines_match("tensor([1.0000e-05])", "tensor([1.0001e-05])")
    assert not lines_match("tensor([1.0000e-05])", "tensor([1.0100e-05])")
    assert _join_wrapped(["x: tensor([1., 2.],", "       grad_fn=<AddBackward0>)", "next"]) == [
        "x: tensor([1., 2.], grad_fn=<AddBackward0>)", "next"]
    assert _join_wrapped(["  a,", "~   requires_grad=True)"], prefixed=True) == ["~ a, requires_grad=True)"]
    assert line_matches_recorded("gradlib.Size([2]) torch.FloatTensor", "  torch.Size([2]) torch.FloatTensor")
    assert line_matches_recorded("torch.FloatTensor 0.5", "  torch.FloatTensor 0.5")
    assert line_matches_recorded("gradlib.Size([3])", "~ torch.Size([2])")
    assert not line_matches_recorded("torch.Size([30])", "  torch.Size([2])")
    assert not line_matches_recorded("gradlib.Size([2])", "  numpy.Size([2])")
    # digits inside names are text, even in random lines: a node's overload, a layer's index, a dtype
    assert not lines_match("grad_fn=<RoundBackward0>)", "grad_fn=<RoundBackward1>)")
    assert not line_matches_recorded("fc1.weight 0.5", "~ fc2.weight 0.7")
    assert not lines_match("layers.0.bias", "layers.1.bias")
    assert not lines_match("dtype=torch.float32", "dtype=torch.float64")
    assert lines_match("loss at step 1 was 0.25.", "loss at step 1 was 0.26.")


# Programs that still print something else, with what they wait for; strict, so each fails once it is fixed.
WAITING = {
    "p34_blitz_tensors": "out= is refused by design (README, signature parity: results are always new tensors); "
                         "the blitz's Tensors chapter calls torch.matmul(..., out=y3) and torch.mul(..., out=z3)",
    "p173_uva_init_optimization": "SGD with lr=10 on tanh(w)**2 at |w|~5 turns 1 - tanh**2's cancellation of a one-ulp "
                                  "difference in float32 tanh (NumPy's vs PyTorch's, which is the float64-rounded "
                                  "value) into a different trajectory (FIRST_RUN_progs8b.md; float64-rounded float32 math was tried "
                                  "and left out, see p187)",
    "p187_bayes_by_backprop": "NumPy's float32 exp/log differ from PyTorch's SLEEF kernels in the last bit (exp on "
                              "~40% of inputs), and 100 Adam steps on the ELBO grow that into the printed digits. "
                              "Rounding from float64 matches ~98% of bits but costs 3.5x per call on the eager hot "
                              "path (issue 16), so it was left out (FIRST_RUN_progs8c.md)",
}


# Programs whose random lines cannot follow PyTorch's on the CPU either, with the reason: compared by shape only.
RANDOM_BY_SHAPE = {
    # merged in the same session as the exact comparison of random lines; their draws are not yet followed up:
    "p126_uva_protonets": "test_proto_net groups features by img_targets.sort() (stable=False) over many equal "
                          "targets: PyTorch's CPU kernel orders ties its own way (285 of 300 indices differ from "
                          "the stable order in a sample), gradlib sorts stably (the torch.sort docstring xfail); "
                          "lines 1-12 follow PyTorch's stream exactly",
    "p112_mingpt_sort": "its dataset splits examples by Python's hash() of a string, randomized per process "
                        "(PYTHONHASHSEED): which draws become training data differs from run to run, in PyTorch too",
    "p65_poly_regression": "252 batches of float32 SGD: summation-order differences grow into the 4th digit",
    "p154_pruning": "prints module._forward_pre_hooks, keyed by hook handle ids from a process-wide counter "
                    "(RemovableHandle.next_id): the programs run before it in the same process move it",
    "p153_parametrizations": "prints torch.dist(W, X) of an orthogonal_ matrix set through a Cayley-map "
                             "right_inverse: float32 round-off (4.7e-08 in PyTorch, 9.4e-08 here), not a value",
    "p155_spatial_transformer": "binary synthetic images make exact ties in max_pool2d after conv2; float32 "
                                "summation order (PyTorch's conv vs NumPy's) breaks 239 of 20480 of them the other "
                                "way in the first batch, and SGD with momentum grows that into the 2nd digit",
    "p98_unet_segmentation": "a trained network's Dice score: float32 summation-order differences cross a "
                             "prediction threshold",
    "p73_d2l_rnn_scratch": "its perplexities after 10 epochs of clipped SGD on a from-scratch RNN: OpenBLAS picks "
                           "its float32 summation order by the CPU, and the trajectories part (PyTorch's 5.2 at "
                           "epoch 10 matched on one machine; 4.9 on another, with every earlier line the same)",
    "p195_normalization_layers": "its conv bias before BatchNorm2d gets a gradient of pure round-off (~1e-8: the "
                                 "batch mean cancels the bias), which Adam scales to lr-sized steps of arbitrary "
                                 "sign; the running mean follows them, and one of 64 eval predictions flips "
                                 "(FIRST_RUN_progs9.md)",
}


# A program that picks its device itself (``torch.cuda.is_available()``, ``torch.accelerator.is_available()``) or
# makes CPU tensors from NumPy runs on a GPU as it would on a GPU machine: the default device stays the CPU and
# its own ``.to(device)`` calls move the work to the GPU (as the default device, CUDA would mix with its CPU data
# in PyTorch too). Its words for the device ('Using cuda device') read as the CPU's.
PICKS_ITS_DEVICE = re.compile(r"is_available\(\)|torch\.from_numpy")
# ... except these, written for a run on the default device: on a GPU machine PyTorch would mix devices in them.
ON_THE_DEFAULT_DEVICE = {
    "p40_vae": "model(images[:4]) with images made on the CPU and the model moved to the device",
    "p49_learning_pytorch_with_examples": "x.unsqueeze(-1).pow(p) with x on the device and p = torch.tensor([1, 2, "
                                          "3]) on the CPU",
}
# Programs written for the CPU, as their authors wrote them: with a CUDA default device PyTorch fails (or prints
# another device) at the same line, so they run on the CPU only (p84: see its reason).
CPU_ONLY = {
    "p123_reproducibility_random_draws": "torch.Generator() is a CPU generator, passed to sampling on the default "
                                         "device (PyTorch refuses it there too)",
    "p138_reproducibility": "torch.Generator() is a CPU generator, passed to sampling on the default device",
    "p144_random_draws_after_seed": "torch.Generator() is a CPU generator, passed to sampling on the default device",
    "p122_research_training_loop": "moves its model to the device it picks but its CPU autocast probe indexes "
                                   "labels left where they were made (PyTorch mixes devices there too); bfloat16 "
                                   "is CPU-only (CuPy has none)",
    "p149_func_model_ensembling": "picks device = 'cpu' for its data and models beside tensors made on the "
                                  "default device",
    "p151_func_neural_tangent_kernels": "picks device = 'cpu' for its images; it prints tensors made from them",
    "p154_pruning": "moves its LeNet to torch.device('cpu') beside layers made on the default device",
    "p155_spatial_transformer": "torch.Generator() is a CPU generator, passed to randint/rand on the default device",
    "p159_char_rnn_generation": "torch.LongTensor(indexes) makes a CPU target (legacy constructor) for outputs made "
                                "on the default device",
    "p161_device_agnostic_cuda_semantics": "picks its device with torch.cuda.is_available() and prints what it "
                                           "finds: no GPU, CUDA tensors refused (it is the CPU program of the note)",
    "p147_loss_functions_optimizers_docs": "torch.FloatTensor/torch.LongTensor (legacy constructors, the "
                                           "MultiLabelMarginLoss docs example) make CPU tensors and it prints one",
    "p73_d2l_rnn_scratch": "picks torch.device('cpu') for its inputs beside parameters made on the default device",
    "p76_dlwpt_tensors_wine": "NumPy interop: .numpy() of tensors made on the default device",
    "p77_dlwpt_cifar_cnn": "prints the device it picked with torch.cuda.is_available()",
    "p78_yunjey_basics_ffnn_cnn": "feeds torch.from_numpy (CPU) tensors to a model made on the default device",
    "p79_yunjey_birnn_language_model": "torch.LongTensor(n) makes a CPU tensor (legacy constructor) and prints it",
    "p81_morvan_tutorials": "loss.data.numpy() of tensors made on the default device",
    "p82_makemore_bigram_mlp": "torch.Generator() is a CPU generator, passed to sampling on the default device",
    "p83_makemore_batchnorm_backprop_wavenet": "torch.Generator() is a CPU generator, passed to randn on the "
                                               "default device",
    "p106_simclr_ntxent": "picks torch.device('cpu') for its labels beside features made on the default device",
    "p110_d2l_seq2seq_beam_search": "torch.Generator() is a CPU generator, passed to randint on the default device",
    "p111_d2l_rnn_concise_deep_bidirectional": "moves its nets to torch.device('cpu') and feeds them torch.zeros "
                                               "made on the default device",
    "p112_mingpt_sort": "its Trainer moves the model to 'cpu'; generate() gets a prompt made on the default device",
    "p113_uva_energy_models": "written for Lightning, which moves model and batches to the GPU; the loop here does "
                              "not, so the model stays on the CPU beside samples moved to cuda:0",
    "p114_uva_normalizing_flows": "picks torch.device('cpu') for the log-determinants beside images made on the "
                                  "default device",
    "p85_super_resolution": "moves its model to torch.device('cpu') beside data made on the default device",
    "p88_siamese_network": "moves its model to torch.device('cpu') beside data made on the default device",
    "p89_graph_attention_gcn": "moves its models to torch.device('cpu') beside data made on the default device",
    "p90_conv_vae": "moves its model to torch.device('cpu') beside data made on the default device",
    "p93_ppo": "torch.FloatTensor(state) makes CPU tensors (legacy constructor), fed to a policy on the default device",
    "p95_embeddingbag_variants": "torch.Generator() is a CPU generator, passed to sampling on the default device",
    "p99_annotated_transformer": "torch.LongTensor / torch.FloatTensor (legacy constructors) make CPU tensors, fed to "
                                 "a model made on the default device",
    "p118_makemore_trigram_exercises": "torch.Generator() is a CPU generator, passed to multinomial and randn on "
                                       "the default device",
    "p131_capsnet_dynamic_routing": "moves some tensors with .cuda() when torch.cuda.is_available(), its data stays "
                                    "on the CPU beside a model made on the default device",
    "p121_raschka_gpt_generate": "moves its model to torch.device('cpu') beside batches made on the default device",
    "p125_d2l_anchor_boxes_nms": "output[0].detach().numpy() of a tensor made on the default device",
    "p126_uva_protonets": "test_proto_net moves features to the CPU (.cpu()) and indexes them with a sort order made "
                          "on the default device",
    "p127_uva_pixelcnn": "img.grad ... .numpy() of a tensor made on the default device",
    "p171_d2l_lstm_gru_scratch": "torch.Generator() is a CPU generator, passed to randperm on the default device",
    "p173_uva_init_optimization": "torch.FloatTensor(init) is a CPU tensor, which prints device='cpu' beside a CUDA "
                                  "default device (PyTorch's too); and its lr=10 SGD on tanh**2 follows the last bit "
                                  "of float32 tanh, recorded with PyTorch's CPU kernels",
    "p181_lstm_timeseries_forecasting": "torch.FloatTensor(...) windows are CPU tensors fed to a model made on the "
                                        "default device (PyTorch mixes devices there too)",
    "p184_seq2seq_date_translation": "its decoded dates are strings whose length depends on the random stream "
                                     "(PyTorch's on the CPU only)",
    "p174_raschka_lora_finetune": "moves its model to torch.device('cpu') beside data made on the default device",
    "p175_d2l_textcnn_sentiment": "its sentiment predictions are words that depend on the random stream (random "
                                  "lines, but a word is compared as text, not by shape): a GPU's CuPy stream "
                                  "trains another net",
    "p177_d2l_kfold_house_prices": "net(test_features).detach().numpy() of a tensor made on the default device",
    "p193_state_dict_recipes": "loads its checkpoint with map_location=torch.device('cpu'): the optimizer's "
                               "restored step is a CPU tensor, which prints device='cpu' beside a CUDA default "
                               "device (PyTorch's too)",
    "p203_iterable_dataset_workers": "torch.Generator() is a CPU generator, passed to sampling on the default "
                                     "device (its SignalStream draws lengths and noise with randint/rand/randn)",
    "p205_packed_sequence_classifier": "its lengths are tensors made on the default device; pack_padded_sequence "
                                       "takes CPU lengths only (PyTorch: 'lengths' argument should be a 1D CPU "
                                       "int64 tensor)",
    "p206_hopfield_associative_memory": "torch.Generator() is a CPU generator, passed to sampling on the default "
                                        "device",
    "p207_q_learning_gridworld": "torch.Generator() is a CPU generator, passed to rand/randint (epsilon-greedy) on "
                                 "the default device",
    "p209_focal_center_robust_losses": "torch.Generator() is a CPU generator, passed to sampling on the default "
                                       "device (the noisy-label data)",
    "p210_triplet_batch_hard_mining": "torch.Generator() is a CPU generator, passed to its P x K sampler's randperm "
                                      "on the default device",
    "p211_conv_lstm_moving_square": "torch.Generator() is a CPU generator, passed to randint on the default device",
    "p212_wavenet_mu_law": "torch.Generator() is a CPU generator, passed to rand on the default device",
    "p213_rotary_sinusoidal_positions": "torch.Generator() is a CPU generator, passed to randint on the default "
                                        "device",
    "p214_clip_contrastive_toy": "torch.Generator() is a CPU generator, passed to sampling on the default device",
    "p216_deep_sets_set_transformer": "torch.Generator() is a CPU generator, passed to randint/rand on the default "
                                      "device",
    "p222_grad_accumulation_bf16_autocast": "autocast(device_type='cpu') casts CPU tensors only: on a CUDA default "
                                            "device its model runs in float32 (PyTorch's too), not in the recorded "
                                            "bfloat16",
    "p225_sinkhorn_optimal_transport": "whether plain Sinkhorn underflows to NaN at eps=0.01 depends on the drawn "
                                       "points (CuPy's stream on a GPU), a text line the shape comparison reads",
    "p84_nanogpt_small": "waits for torch.amp (helper torch5): on a GPU it enters torch.amp.autocast, which gradlib "
                         "lacks so far",
}


@pytest.mark.parametrize("script", [pytest.param(p, marks=pytest.mark.xfail(reason=WAITING[p.stem], strict=True))
                                    if p.stem in WAITING else p for p in PROGRAMS], ids=[p.stem for p in PROGRAMS])
def test_program_prints_what_pytorch_prints(script, device):
    source = script.read_text()
    on_gpu_machine = device != "cpu" and PICKS_ITS_DEVICE.search(source) and script.stem not in ON_THE_DEFAULT_DEVICE
    if gradlib.device(device).index not in (None, 0) and (re.search(r"""(["'])cuda(:0)?\1""", source) or on_gpu_machine):
        pytest.skip("the program picks 'cuda' or 'cuda:0' itself, beside tensors made on the default "
                    f"{device}: PyTorch mixes devices there too")
    if device != "cpu" and script.stem in CPU_ONLY:
        pytest.skip(f"runs on the CPU only: {CPU_ONLY[script.stem]}")
    gradlib.manual_seed(67280421310721)  # the recorder's start (PyTorch's default seed): random lines are PyTorch's
    random.seed(0)  # a program's unseeded Python random (cs231n's grad_check_sparse picks entries) is the same each run
    output = io.StringIO()
    try:
        if on_gpu_machine:
            gradlib.set_default_device("cpu")
        with contextlib.redirect_stdout(output):
            gradlib.run.run_program(script)
    finally:  # process-wide settings a program may change
        gradlib.set_default_device(device)
        gradlib.set_printoptions(profile="default")
        gradlib.use_deterministic_algorithms(False)
        gradlib.backends.cudnn.set_flags(True, False, None, False)  # p122/p163 set cudnn.deterministic = True
        gradlib.set_default_dtype(gradlib.float32)
    text = output.getvalue()
    if on_gpu_machine:
        text = re.sub(r"\b(torch|gradlib)\.cuda\.(\w+Tensor)\b", r"\1.\2", text)  # legacy type names, as on the CPU
        text = re.sub(r"\bcuda\b(?!:)", "cpu", text)
    printed = _join_wrapped(_on_cpu_terms(text, device).splitlines())
    recorded = _join_wrapped(RECORDED[script.stem], prefixed=True)
    assert len(printed) == len(recorded), "\n".join(printed)
    mismatches = []
    for number, (line, expected) in enumerate(zip(printed, recorded), start=1):
        ok = line_matches_recorded(line, expected)
        if ok and expected.startswith("~ ") and device == "cpu" and script.stem not in RANDOM_BY_SHAPE:
            ok = lines_match(line.replace("gradlib.", "torch."), expected[2:])  # PyTorch's stream: its numbers
        if not ok:
            mismatches.append(f"line {number}: got {line!r}\n         expected {expected!r}")
    assert not mismatches, "\n".join(mismatches)
