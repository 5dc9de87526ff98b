"""Bad arguments to constructors and functionals (session 14, args14): optimizers, learning-rate schedulers, nn
module constructors, nn.functional argument checks, nn.utils and torch.utils.data. Each case is one expression
written once for gradlib and PyTorch (``lib`` is the library; ``O`` its optim, ``S`` optim.lr_scheduler, ``nn``,
``F`` nn.functional, ``U`` nn.utils, ``D`` utils.data; ``P()`` a list of two fresh parameters, ``opt()`` an SGD over
them, ``t(values)`` a tensor). The valid edges (lr=0, p=0 and p=1, momentum=0, ...) are cases too: their answer is
``"ok"``.

The recorder (``python tests/reference/record_torch.py args14``) stores PyTorch's answer per case in
``torch_args14.json``: ``"ok"`` or ``[class, message]`` (``torch.`` written as ``gradlib.``); tests/test_args14.py
demands gradlib give the same on every device.
"""
import importlib
import json
import re
import pathlib
import warnings

FILE = pathlib.Path(__file__).parent / "torch_args14.json"

OPTIMIZERS = ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam", "ASGD", "Rprop",
              "LBFGS", "SparseAdam")

CASES = {}

# ----- optimizers --------------------------------------------------------------------------------------------
for _name in OPTIMIZERS:
    _o = f"O.{_name}"
    CASES[f"optim/{_name}/lr_negative"] = f"{_o}(P(), lr=-0.1)"
    CASES[f"optim/{_name}/lr_zero"] = f"{_o}(P(), lr=0.0)"
    CASES[f"optim/{_name}/lr_tensor_2d"] = f"{_o}(P(), lr=t([[0.1]]))"
    CASES[f"optim/{_name}/params_tensor"] = f"{_o}(P()[0])"
    CASES[f"optim/{_name}/params_int"] = f"{_o}(3)"
    CASES[f"optim/{_name}/params_empty"] = f"{_o}([])"
    CASES[f"optim/{_name}/dict_without_params"] = f"{_o}([{{'lr': 0.1}}])"
    CASES[f"optim/{_name}/duplicate_params"] = f"(lambda p: {_o}([p, p]))(P()[0])"
    CASES[f"optim/{_name}/duplicate_groups"] = f"(lambda p: {_o}([{{'params': [p]}}, {{'params': [p]}}]))(P()[0])"
    CASES[f"optim/{_name}/non_leaf"] = f"{_o}([P()[0] * 2])"
    CASES[f"optim/{_name}/params_set"] = f"{_o}(set(P()))"
    CASES[f"optim/{_name}/int_param"] = f"{_o}([t([1, 2])])"
    CASES[f"optim/{_name}/generator"] = f"{_o}(iter(P()))"
    CASES[f"optim/{_name}/foreach_true"] = f"{_o}(P(), foreach=True)"
    CASES[f"optim/{_name}/unknown_kwarg"] = f"{_o}(P(), bogus=1)"

for _name in ("Adam", "AdamW", "Adamax", "NAdam", "RAdam", "SparseAdam"):
    _o = f"O.{_name}"
    CASES[f"optim/{_name}/beta0_one"] = f"{_o}(P(), betas=(1.0, 0.9))"
    CASES[f"optim/{_name}/beta0_negative"] = f"{_o}(P(), betas=(-0.1, 0.9))"
    CASES[f"optim/{_name}/beta1_one"] = f"{_o}(P(), betas=(0.9, 1.0))"
    CASES[f"optim/{_name}/beta1_negative"] = f"{_o}(P(), betas=(0.9, -0.5))"
    CASES[f"optim/{_name}/betas_both_bad"] = f"{_o}(P(), betas=(1.5, 2.0))"
    CASES[f"optim/{_name}/betas_zero"] = f"{_o}(P(), betas=(0.0, 0.0))"
    CASES[f"optim/{_name}/eps_negative"] = f"{_o}(P(), eps=-1e-8)"
    CASES[f"optim/{_name}/eps_zero"] = f"{_o}(P(), eps=0.0)"
for _name in ("Adam", "AdamW", "Adamax", "NAdam", "RAdam", "Adagrad", "Adadelta", "RMSprop", "SGD", "ASGD"):
    CASES[f"optim/{_name}/weight_decay_negative"] = f"O.{_name}(P(), weight_decay=-0.1)"
    CASES[f"optim/{_name}/weight_decay_zero"] = f"O.{_name}(P(), weight_decay=0.0)"
for _name in ("Adam", "AdamW"):
    CASES[f"optim/{_name}/amsgrad_maximize"] = f"O.{_name}(P(), amsgrad=True, maximize=True)"
    CASES[f"optim/{_name}/fused_and_foreach"] = f"O.{_name}(P(), fused=True, foreach=True)"
    CASES[f"optim/{_name}/fused_differentiable"] = f"O.{_name}(P(), fused=True, differentiable=True)"
    CASES[f"optim/{_name}/betas_tensor_no_capturable"] = f"O.{_name}(P(), betas=(t(0.9), t(0.999)))"
    CASES[f"optim/{_name}/betas_three"] = f"O.{_name}(P(), betas=(0.9, 0.99, 0.999))"
CASES["optim/SGD/momentum_negative"] = "O.SGD(P(), lr=0.1, momentum=-0.5)"
CASES["optim/SGD/momentum_zero"] = "O.SGD(P(), lr=0.1, momentum=0)"
CASES["optim/SGD/nesterov_no_momentum"] = "O.SGD(P(), lr=0.1, nesterov=True)"
CASES["optim/SGD/nesterov_dampening"] = "O.SGD(P(), lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)"
CASES["optim/SGD/nesterov_ok"] = "O.SGD(P(), lr=0.1, momentum=0.9, nesterov=True)"
CASES["optim/SGD/dampening_negative"] = "O.SGD(P(), lr=0.1, momentum=0.9, dampening=-1.0)"
CASES["optim/SGD/default_lr"] = "O.SGD(P())"
CASES["optim/SGD/fused_foreach"] = "O.SGD(P(), fused=True, foreach=True)"
CASES["optim/SGD/fused_differentiable"] = "O.SGD(P(), fused=True, differentiable=True)"
CASES["optim/RMSprop/momentum_negative"] = "O.RMSprop(P(), momentum=-0.5)"
CASES["optim/RMSprop/alpha_negative"] = "O.RMSprop(P(), alpha=-0.5)"
CASES["optim/RMSprop/eps_negative"] = "O.RMSprop(P(), eps=-1.0)"
CASES["optim/RMSprop/alpha_zero"] = "O.RMSprop(P(), alpha=0.0)"
CASES["optim/Adagrad/fused_foreach"] = "O.Adagrad(P(), fused=True, foreach=True)"
CASES["optim/Adagrad/fused_differentiable"] = "O.Adagrad(P(), fused=True, differentiable=True)"
CASES["optim/Adagrad/lr_decay_negative"] = "O.Adagrad(P(), lr_decay=-0.1)"
CASES["optim/Adagrad/initial_accumulator_negative"] = "O.Adagrad(P(), initial_accumulator_value=-0.1)"
CASES["optim/Adagrad/eps_negative"] = "O.Adagrad(P(), eps=-1.0)"
CASES["optim/Adadelta/rho_above_one"] = "O.Adadelta(P(), rho=1.5)"
CASES["optim/Adadelta/rho_negative"] = "O.Adadelta(P(), rho=-0.1)"
CASES["optim/Adadelta/rho_one"] = "O.Adadelta(P(), rho=1.0)"
CASES["optim/Adadelta/eps_negative"] = "O.Adadelta(P(), eps=-1.0)"
CASES["optim/NAdam/momentum_decay_negative"] = "O.NAdam(P(), momentum_decay=-0.1)"
CASES["optim/NAdam/decoupled"] = "O.NAdam(P(), decoupled_weight_decay=True)"
CASES["optim/ASGD/lambd_negative"] = "O.ASGD(P(), lambd=-1.0)"
CASES["optim/ASGD/alpha_negative"] = "O.ASGD(P(), alpha=-1.0)"
CASES["optim/ASGD/t0_negative"] = "O.ASGD(P(), t0=-1.0)"
CASES["optim/Rprop/etas_bad"] = "O.Rprop(P(), etas=(1.5, 1.2))"
CASES["optim/Rprop/etas_minus_zero"] = "O.Rprop(P(), etas=(0.0, 1.2))"
CASES["optim/Rprop/etas_plus_one"] = "O.Rprop(P(), etas=(0.5, 1.0))"
CASES["optim/Rprop/step_sizes"] = "O.Rprop(P(), step_sizes=(1.0, 0.5))"
CASES["optim/LBFGS/max_iter_zero"] = "O.LBFGS(P(), max_iter=0)"
CASES["optim/LBFGS/history_size_zero"] = "O.LBFGS(P(), history_size=0)"
CASES["optim/LBFGS/line_search"] = "O.LBFGS(P(), line_search_fn='wolfe')"
CASES["optim/LBFGS/two_groups"] = "O.LBFGS([{'params': [P()[0]]}, {'params': [P()[1]]}])"
CASES["optim/add_param_group/no_params"] = "opt().add_param_group({'lr': 0.1})"
CASES["optim/add_param_group/duplicate"] = "(lambda o: o.add_param_group({'params': o.param_groups[0]['params']}))(opt())"
CASES["optim/add_param_group/not_dict"] = "opt().add_param_group([P()[0]])"
CASES["optim/add_param_group/tensor_params"] = "opt().add_param_group({'params': P()[0]})"
CASES["optim/add_param_group/set_params"] = "opt().add_param_group({'params': set(P())})"
CASES["optim/load_state_dict/group_count"] = "opt().load_state_dict({'state': {}, 'param_groups': []})"

for _name in OPTIMIZERS:
    CASES[f"optim/{_name}/lr_tensor_two"] = f"O.{_name}(P(), lr=t([0.1, 0.2]))"
    CASES[f"optim/{_name}/lr_nan"] = f"O.{_name}(P(), lr=float('nan'))"
    CASES[f"optim/{_name}/lr_str"] = f"O.{_name}(P(), lr='a')"
CASES["optim/Adam/lr_tensor_two_foreach"] = "O.Adam(P(), lr=t([0.1, 0.2]), foreach=True)"
CASES["optim/Adam/lr_tensor_foreach_capturable"] = "O.Adam(P(), lr=t(0.01), foreach=True, capturable=True)"
CASES["optim/SGD/momentum_nan"] = "O.SGD(P(), lr=0.1, momentum=float('nan'))"
CASES["optim/Adam/capturable_cpu_step"] = ("(lambda ps: (setattr(ps[0], 'grad', lib.ones(2)), "
                                          "O.Adam(ps, capturable=True).step()))(P())")
CASES["optim/Adam/differentiable"] = "O.Adam(P(), differentiable=True)"
CASES["optim/Adam/lr_tensor_fused"] = "O.Adam(P(), lr=t(0.01), fused=True)"
CASES["optim/Adam/lr_tensor_foreach"] = "O.Adam(P(), lr=t(0.01), foreach=True)"
CASES["optim/LBFGS/step_no_closure"] = "O.LBFGS(P()).step()"
CASES["optim/SGD/zero_grad_set_to_none"] = "opt().zero_grad(set_to_none=False)"
CASES["optim/SGD/maximize_momentum"] = "O.SGD(P(), lr=0.1, momentum=0.9, maximize=True)"
CASES["optim/Adam/weight_decay_tensor"] = "O.Adam(P(), weight_decay=t(-0.1))"
CASES["optim/RAdam/decoupled"] = "O.RAdam(P(), decoupled_weight_decay=True)"
CASES["optim/state_dict/bad_groups"] = "opt().load_state_dict({'state': {}, 'param_groups': [{'params': [0, 1, 2]}]})"
CASES["optim/state_dict/missing_state"] = "opt().load_state_dict({'param_groups': []})"
CASES["sched/StepLR/step_size_negative"] = "S.StepLR(opt(), step_size=-1)"
CASES["sched/Plateau/cooldown_negative"] = "S.ReduceLROnPlateau(opt(), cooldown=-1)"
CASES["sched/Plateau/eps_negative"] = "S.ReduceLROnPlateau(opt(), eps=-1.0)"
CASES["sched/Plateau/step_none"] = "S.ReduceLROnPlateau(opt()).step(None)"
CASES["sched/Plateau/step_str"] = "S.ReduceLROnPlateau(opt()).step('a')"
CASES["sched/MultiStepLR/float"] = "S.MultiStepLR(opt(), milestones=[1.5, 3])"
CASES["sched/PolynomialLR/power_negative"] = "S.PolynomialLR(opt(), power=-1.0)"
CASES["sched/LinearLR/total_iters_zero"] = "S.LinearLR(opt(), total_iters=0)"
CASES["sched/CyclicLR/momentum_lists"] = "S.CyclicLR(opt(), 0.01, 0.1, base_momentum=[0.8, 0.7])"
CASES["sched/OneCycleLR/three_phase_pct"] = "S.OneCycleLR(opt(), max_lr=0.1, total_steps=10, pct_start=0.6, three_phase=True)"
CASES["sched/OneCycleLR/step_past_end"] = "(lambda s: [s.step() for _ in range(12)])(S.OneCycleLR(opt(), max_lr=0.1, total_steps=10))"
CASES["sched/LambdaLR/not_callable"] = "S.LambdaLR(opt(), lr_lambda=3).step()"
CASES["sched/get_last_lr_plateau"] = "S.ReduceLROnPlateau(opt()).get_last_lr()"

# ----- learning-rate schedulers ------------------------------------------------------------------------------
CASES["sched/StepLR/step_size_zero"] = "S.StepLR(opt(), step_size=0)"
CASES["sched/StepLR/step_size_float"] = "S.StepLR(opt(), step_size=1.5)"
CASES["sched/StepLR/gamma_negative"] = "S.StepLR(opt(), step_size=2, gamma=-0.1)"
CASES["sched/StepLR/not_optimizer"] = "S.StepLR(3, step_size=2)"
CASES["sched/StepLR/last_epoch_no_initial_lr"] = "S.StepLR(opt(), step_size=2, last_epoch=3)"
CASES["sched/MultiStepLR/unsorted"] = "S.MultiStepLR(opt(), milestones=[5, 2])"
CASES["sched/MultiStepLR/empty"] = "S.MultiStepLR(opt(), milestones=[])"
CASES["sched/ExponentialLR/gamma_zero"] = "S.ExponentialLR(opt(), gamma=0.0)"
CASES["sched/ConstantLR/factor_above_one"] = "S.ConstantLR(opt(), factor=1.5)"
CASES["sched/ConstantLR/factor_negative"] = "S.ConstantLR(opt(), factor=-0.5)"
CASES["sched/ConstantLR/factor_zero"] = "S.ConstantLR(opt(), factor=0.0)"
CASES["sched/LinearLR/start_zero"] = "S.LinearLR(opt(), start_factor=0.0)"
CASES["sched/LinearLR/start_above_one"] = "S.LinearLR(opt(), start_factor=1.5)"
CASES["sched/LinearLR/end_above_one"] = "S.LinearLR(opt(), end_factor=1.5)"
CASES["sched/LinearLR/end_negative"] = "S.LinearLR(opt(), end_factor=-0.5)"
CASES["sched/PolynomialLR/total_iters_zero"] = "S.PolynomialLR(opt(), total_iters=0)"
CASES["sched/CosineAnnealingLR/T_max_zero"] = "S.CosineAnnealingLR(opt(), T_max=0)"
CASES["sched/CosineAnnealingWarmRestarts/T_0_zero"] = "S.CosineAnnealingWarmRestarts(opt(), T_0=0)"
CASES["sched/CosineAnnealingWarmRestarts/T_0_float"] = "S.CosineAnnealingWarmRestarts(opt(), T_0=1.5)"
CASES["sched/CosineAnnealingWarmRestarts/T_mult_zero"] = "S.CosineAnnealingWarmRestarts(opt(), T_0=2, T_mult=0)"
CASES["sched/CosineAnnealingWarmRestarts/T_mult_float"] = "S.CosineAnnealingWarmRestarts(opt(), T_0=2, T_mult=1.5)"
CASES["sched/CosineAnnealingWarmRestarts/eta_min_str"] = "S.CosineAnnealingWarmRestarts(opt(), T_0=2, eta_min='a')"
CASES["sched/OneCycleLR/no_total"] = "S.OneCycleLR(opt(), max_lr=0.1)"
CASES["sched/OneCycleLR/total_zero"] = "S.OneCycleLR(opt(), max_lr=0.1, total_steps=0)"
CASES["sched/OneCycleLR/total_float"] = "S.OneCycleLR(opt(), max_lr=0.1, total_steps=2.5)"
CASES["sched/OneCycleLR/epochs_no_steps"] = "S.OneCycleLR(opt(), max_lr=0.1, epochs=3)"
CASES["sched/OneCycleLR/epochs_zero"] = "S.OneCycleLR(opt(), max_lr=0.1, epochs=0, steps_per_epoch=3)"
CASES["sched/OneCycleLR/steps_zero"] = "S.OneCycleLR(opt(), max_lr=0.1, epochs=3, steps_per_epoch=0)"
CASES["sched/OneCycleLR/total_and_epochs"] = "S.OneCycleLR(opt(), max_lr=0.1, total_steps=10, epochs=3, steps_per_epoch=4)"
CASES["sched/OneCycleLR/anneal"] = "S.OneCycleLR(opt(), max_lr=0.1, total_steps=10, anneal_strategy='exp')"
CASES["sched/OneCycleLR/pct_start"] = "S.OneCycleLR(opt(), max_lr=0.1, total_steps=10, pct_start=1.5)"
CASES["sched/OneCycleLR/pct_start_str"] = "S.OneCycleLR(opt(), max_lr=0.1, total_steps=10, pct_start='a')"
CASES["sched/OneCycleLR/max_lr_list"] = "S.OneCycleLR(opt(), max_lr=[0.1, 0.2], total_steps=10)"
CASES["sched/OneCycleLR/momentum_adam"] = "S.OneCycleLR(O.Adam(P()), max_lr=0.1, total_steps=10)"
CASES["sched/OneCycleLR/no_momentum"] = "S.OneCycleLR(O.Adagrad(P()), max_lr=0.1, total_steps=10)"
CASES["sched/CyclicLR/mode"] = "S.CyclicLR(opt(), 0.01, 0.1, mode='bogus')"
CASES["sched/CyclicLR/scale_fn_ok"] = "S.CyclicLR(opt(), 0.01, 0.1, mode='bogus', scale_fn=lambda x: 1.0)"
CASES["sched/CyclicLR/no_momentum"] = "S.CyclicLR(O.Adagrad(P()), 0.01, 0.1)"
CASES["sched/CyclicLR/base_lr_list"] = "S.CyclicLR(opt(), [0.01, 0.02], 0.1)"
CASES["sched/CyclicLR/adam_momentum"] = "S.CyclicLR(O.Adam(P()), 0.01, 0.1)"
CASES["sched/CyclicLR/step_size_zero"] = "S.CyclicLR(opt(), 0.01, 0.1, step_size_up=0)"
CASES["sched/Plateau/mode"] = "S.ReduceLROnPlateau(opt(), mode='bogus')"
CASES["sched/Plateau/threshold_mode"] = "S.ReduceLROnPlateau(opt(), threshold_mode='bogus')"
CASES["sched/Plateau/factor_one"] = "S.ReduceLROnPlateau(opt(), factor=1.0)"
CASES["sched/Plateau/factor_above"] = "S.ReduceLROnPlateau(opt(), factor=2.0)"
CASES["sched/Plateau/min_lr_list"] = "S.ReduceLROnPlateau(opt(), min_lr=[0.1, 0.2])"
CASES["sched/Plateau/not_optimizer"] = "S.ReduceLROnPlateau(3)"
CASES["sched/Plateau/factor_zero"] = "S.ReduceLROnPlateau(opt(), factor=0.0)"
CASES["sched/Plateau/patience_negative"] = "S.ReduceLROnPlateau(opt(), patience=-1)"
CASES["sched/LambdaLR/list_length"] = "S.LambdaLR(opt(), lr_lambda=[lambda e: 1.0, lambda e: 1.0])"
CASES["sched/MultiplicativeLR/list_length"] = "S.MultiplicativeLR(opt(), lr_lambda=[lambda e: 1.0, lambda e: 1.0])"
CASES["sched/SequentialLR/milestones_count"] = ("(lambda o: S.SequentialLR(o, [S.StepLR(o, 2), S.StepLR(o, 2)], "
                                                "milestones=[1, 2]))(opt())")
CASES["sched/SequentialLR/empty"] = "S.SequentialLR(opt(), [], milestones=[])"
CASES["sched/SequentialLR/other_optimizer"] = "S.SequentialLR(opt(), [S.StepLR(opt(), 2), S.StepLR(opt(), 2)], milestones=[1])"
CASES["sched/SequentialLR/not_scheduler"] = "(lambda o: S.SequentialLR(o, [S.StepLR(o, 2), 3], milestones=[1]))(opt())"
CASES["sched/SequentialLR/plateau"] = ("(lambda o: S.SequentialLR(o, [S.StepLR(o, 2), S.ReduceLROnPlateau(o)], "
                                       "milestones=[1]))(opt())")
CASES["sched/ChainedScheduler/empty"] = "S.ChainedScheduler([])"
CASES["sched/ChainedScheduler/other_optimizer"] = "S.ChainedScheduler([S.StepLR(opt(), 2), S.StepLR(opt(), 2)])"

# ----- nn module constructors --------------------------------------------------------------------------------
CASES["nn/Linear/negative"] = "nn.Linear(-1, 3)"
CASES["nn/Linear/out_negative"] = "nn.Linear(3, -2)"
CASES["nn/Linear/zero"] = "nn.Linear(0, 3)"
CASES["nn/Linear/float"] = "nn.Linear(2.5, 3)"
CASES["nn/Bilinear/negative"] = "nn.Bilinear(2, -1, 3)"
for _conv in ("Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d"):
    CASES[f"nn/{_conv}/in_zero"] = f"nn.{_conv}(0, 4, 3)"
    CASES[f"nn/{_conv}/out_negative"] = f"nn.{_conv}(2, -4, 3)"
    CASES[f"nn/{_conv}/groups_in"] = f"nn.{_conv}(3, 4, 3, groups=2)"
    CASES[f"nn/{_conv}/groups_out"] = f"nn.{_conv}(4, 3, 3, groups=2)"
    CASES[f"nn/{_conv}/groups_zero"] = f"nn.{_conv}(4, 4, 3, groups=0)"
    CASES[f"nn/{_conv}/padding_mode"] = f"nn.{_conv}(2, 4, 3, padding_mode='bogus')"
    CASES[f"nn/{_conv}/padding_str"] = f"nn.{_conv}(2, 4, 3, padding='bogus')"
    CASES[f"nn/{_conv}/same_stride"] = f"nn.{_conv}(2, 4, 3, stride=2, padding='same')"
    CASES[f"nn/{_conv}/same_ok"] = f"nn.{_conv}(2, 4, 3, padding='same')"
    CASES[f"nn/{_conv}/valid_stride"] = f"nn.{_conv}(2, 4, 3, stride=2, padding='valid')"
    CASES[f"nn/{_conv}/reflect"] = f"nn.{_conv}(2, 4, 3, padding_mode='reflect')"
    CASES[f"nn/{_conv}/kernel_zero"] = f"nn.{_conv}(2, 4, 0)"
for _mode in ("reflect", "replicate", "circular"):
    CASES[f"nn/Conv1d/forward_{_mode}"] = (f"(lambda c: (c.weight.data.fill_(1.0), c.bias.data.fill_(0.0), "
                                           f"c(lib.arange(5.0).reshape(1, 1, 5)).tolist())[2])"
                                           f"(nn.Conv1d(1, 1, 3, padding=1, padding_mode='{_mode}'))")
    CASES[f"nn/Conv2d/forward_{_mode}"] = (f"(lambda c: (c.weight.data.fill_(1.0), c.bias.data.fill_(0.0), "
                                           f"c(lib.arange(12.0).reshape(1, 1, 3, 4)).tolist())[2])"
                                           f"(nn.Conv2d(1, 1, (3, 2), padding=(1, 2), padding_mode='{_mode}'))")
    CASES[f"nn/Conv2d/forward_same_{_mode}"] = (f"(lambda c: (c.weight.data.fill_(1.0), c.bias.data.fill_(0.0), "
                                                f"c(lib.arange(12.0).reshape(1, 1, 3, 4)).tolist())[2])"
                                                f"(nn.Conv2d(1, 1, (2, 3), padding='same', padding_mode='{_mode}'))")
    CASES[f"nn/Conv1d/repr_{_mode}"] = f"repr(nn.Conv1d(1, 1, 3, padding_mode='{_mode}'))"
CASES["nn/Conv2d/stride_zero"] = "nn.Conv2d(1, 1, 2, stride=0)(lib.zeros(1, 1, 4, 4))"
CASES["nn/Conv2d/dilation_zero"] = "nn.Conv2d(1, 1, 2, dilation=0)(lib.zeros(1, 1, 4, 4))"
CASES["nn/Conv2d/padding_negative"] = "nn.Conv2d(1, 1, 2, padding=-1)(lib.zeros(1, 1, 4, 4))"
CASES["nn/Conv2d/same_even_kernel"] = "nn.Conv2d(1, 1, 2, padding='same')(lib.zeros(1, 1, 4, 4)).shape"
CASES["nn/Conv2d/same_dilation"] = "nn.Conv2d(1, 1, 3, padding='same', dilation=2, padding_mode='reflect')(lib.zeros(1, 1, 5, 5)).shape"
CASES["nn/Conv2d/reflect_too_big"] = "nn.Conv2d(1, 1, 3, padding=4, padding_mode='reflect')(lib.zeros(1, 1, 4, 4))"
CASES["nn/Conv2d/circular_too_big"] = "nn.Conv2d(1, 1, 3, padding=5, padding_mode='circular')(lib.zeros(1, 1, 4, 4))"
CASES["nn/Conv1d/reflect_unbatched"] = "nn.Conv1d(1, 1, 3, padding=1, padding_mode='reflect')(lib.zeros(1, 5)).shape"
CASES["nn/Conv2d/kernel_too_big"] = "nn.Conv2d(1, 1, 5)(lib.zeros(1, 1, 4, 4))"
CASES["nn/Conv2d/channels_mismatch"] = "nn.Conv2d(2, 1, 3)(lib.zeros(1, 1, 4, 4))"
CASES["nn/RNN/input_mismatch"] = "nn.RNN(3, 4)(lib.zeros(2, 1, 5))"
CASES["nn/LSTM/hx_shape"] = "nn.LSTM(3, 4)(lib.zeros(2, 1, 3), (lib.zeros(1, 1, 5), lib.zeros(1, 1, 4)))"
CASES["nn/GRU/input_4d"] = "nn.GRU(3, 4)(lib.zeros(2, 1, 1, 3))"
CASES["nn/Embedding/max_norm_negative"] = "nn.Embedding(5, 3, max_norm=-1.0)(t([1])).shape"
CASES["nn/Embedding/out_of_range"] = "nn.Embedding(5, 3)(t([5]))"
CASES["nn/MultiheadAttention/kdim"] = "nn.MultiheadAttention(4, 2, kdim=3)(lib.zeros(2, 1, 4), lib.zeros(3, 1, 4), lib.zeros(3, 1, 4))"
CASES["nn/Softmax2d/dim"] = "nn.Softmax2d()(lib.zeros(3, 4))"
CASES["nn/Upsample/both"] = "nn.Upsample(size=3, scale_factor=2)(lib.zeros(1, 1, 4))"
CASES["nn/AdaptiveAvgPool2d/none"] = "nn.AdaptiveAvgPool2d((None, 2))(lib.zeros(1, 1, 4, 4)).shape"
CASES["nn/Fold/output"] = "nn.Fold(output_size=(3, 3), kernel_size=2)(lib.zeros(1, 4, 5))"
CASES["nn/ChannelShuffle/groups"] = "nn.ChannelShuffle(3)(lib.zeros(1, 4, 2, 2))"
CASES["nn/BatchNorm1d/momentum_none"] = "nn.BatchNorm1d(3, momentum=None)(lib.zeros(2, 3)).shape"
CASES["nn/Identity/args"] = "nn.Identity(3, bogus=4)(t([1.0])).tolist()"
CASES["nn/ConvTranspose2d/output_padding"] = "nn.ConvTranspose2d(2, 4, 3, output_padding=(1, 1))(lib.zeros(1, 2, 5, 5))"
for _rnn in ("RNN", "LSTM", "GRU"):
    CASES[f"nn/{_rnn}/hidden_zero"] = f"nn.{_rnn}(3, 0)"
    CASES[f"nn/{_rnn}/hidden_negative"] = f"nn.{_rnn}(3, -2)"
    CASES[f"nn/{_rnn}/hidden_float"] = f"nn.{_rnn}(3, 2.5)"
    CASES[f"nn/{_rnn}/input_zero"] = f"nn.{_rnn}(0, 4)"
    CASES[f"nn/{_rnn}/layers_zero"] = f"nn.{_rnn}(3, 4, num_layers=0)"
    CASES[f"nn/{_rnn}/layers_float"] = f"nn.{_rnn}(3, 4, num_layers=1.5)"
    CASES[f"nn/{_rnn}/dropout_above"] = f"nn.{_rnn}(3, 4, dropout=1.5)"
    CASES[f"nn/{_rnn}/dropout_bool"] = f"nn.{_rnn}(3, 4, dropout=True)"
    CASES[f"nn/{_rnn}/dropout_one_layer"] = f"nn.{_rnn}(3, 4, dropout=0.5)"
    CASES[f"nn/{_rnn}/bidirectional_str"] = f"nn.{_rnn}(3, 4, bidirectional='yes')"
for _cell in ("RNNCell", "LSTMCell", "GRUCell"):
    CASES[f"nn/{_cell}/hidden_negative"] = f"nn.{_cell}(3, -1)"
CASES["nn/RNN/nonlinearity"] = "nn.RNN(3, 4, nonlinearity='sigmoid')"
CASES["nn/RNNCell/nonlinearity"] = "nn.RNNCell(3, 4, nonlinearity='sigmoid')(lib.zeros(2, 3))"
CASES["nn/LSTM/proj_size_negative"] = "nn.LSTM(3, 4, proj_size=-1)"
CASES["nn/LSTM/proj_size_big"] = "nn.LSTM(3, 4, proj_size=4)"
CASES["nn/GRU/proj_size"] = "nn.GRU(3, 4, proj_size=2)"
CASES["nn/Embedding/negative"] = "nn.Embedding(-1, 3)"
CASES["nn/Embedding/padding_idx_big"] = "nn.Embedding(5, 3, padding_idx=5)"
CASES["nn/Embedding/padding_idx_small"] = "nn.Embedding(5, 3, padding_idx=-6)"
CASES["nn/Embedding/padding_idx_last"] = "nn.Embedding(5, 3, padding_idx=-5)"
CASES["nn/Embedding/_weight_shape"] = "nn.Embedding(5, 3, _weight=lib.zeros(4, 3))"
CASES["nn/Embedding/from_pretrained_1d"] = "nn.Embedding.from_pretrained(lib.zeros(4))"
CASES["nn/EmbeddingBag/mode"] = "nn.EmbeddingBag(5, 3, mode='bogus')"
CASES["nn/EmbeddingBag/padding_idx_big"] = "nn.EmbeddingBag(5, 3, padding_idx=7)"
for _drop in ("Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"):
    CASES[f"nn/{_drop}/p_above"] = f"nn.{_drop}(p=1.5)"
    CASES[f"nn/{_drop}/p_negative"] = f"nn.{_drop}(p=-0.1)"
    CASES[f"nn/{_drop}/p_zero"] = f"nn.{_drop}(p=0.0)"
    CASES[f"nn/{_drop}/p_one"] = f"nn.{_drop}(p=1.0)"
CASES["F/dropout/p_above"] = "F.dropout(lib.ones(3), p=1.5)"
CASES["F/dropout/p_negative"] = "F.dropout(lib.ones(3), p=-0.5)"
CASES["F/dropout2d/p_above"] = "F.dropout2d(lib.ones(1, 2, 3, 3), p=1.5)"
CASES["F/alpha_dropout/p_above"] = "F.alpha_dropout(lib.ones(3), p=1.5, training=True)"
CASES["F/dropout/p_one"] = "F.dropout(lib.ones(3), p=1.0).tolist()"
CASES["nn/LayerNorm/zero"] = "nn.LayerNorm(0)"
CASES["nn/LayerNorm/shape_mismatch"] = "nn.LayerNorm([3, 4])(lib.zeros(2, 4, 3))"
CASES["nn/LayerNorm/negative"] = "nn.LayerNorm(-2)"
CASES["F/layer_norm/shape_mismatch"] = "F.layer_norm(lib.zeros(2, 3), (4,))"
CASES["F/layer_norm/bias_shape"] = "F.layer_norm(lib.zeros(2, 3), (3,), bias=lib.ones(4))"
CASES["F/layer_norm/weight_2d"] = "F.layer_norm(lib.zeros(2, 3), (3,), weight=lib.ones(1, 3))"
CASES["F/layer_norm/weight_before_input"] = "F.layer_norm(lib.zeros(2, 3), (4,), weight=lib.ones(1, 3))"
CASES["F/scaled_dot_product/dropout_negative"] = "F.scaled_dot_product_attention(lib.zeros(1, 2, 3), lib.zeros(1, 2, 3), lib.zeros(1, 2, 3), dropout_p=-0.5).shape"
CASES["torch/dropout/p_above"] = "lib.dropout(lib.zeros(2), 2.0, True)"
CASES["F/layer_norm/weight_shape"] = "F.layer_norm(lib.zeros(2, 3), (3,), weight=lib.ones(4))"
CASES["nn/GroupNorm/not_divisible"] = "nn.GroupNorm(3, 4)"
CASES["nn/GroupNorm/zero_groups"] = "nn.GroupNorm(0, 4)"
CASES["F/group_norm/not_divisible"] = "F.group_norm(lib.zeros(2, 4, 3), 3)"
CASES["nn/BatchNorm1d/zero"] = "nn.BatchNorm1d(0)"
CASES["nn/BatchNorm1d/negative"] = "nn.BatchNorm1d(-1)"
CASES["nn/BatchNorm2d/dim"] = "nn.BatchNorm2d(3)(lib.zeros(2, 3))"
CASES["nn/BatchNorm1d/one_value"] = "nn.BatchNorm1d(3)(lib.zeros(1, 3))"
CASES["nn/InstanceNorm1d/dim"] = "nn.InstanceNorm1d(3)(lib.zeros(3))"
CASES["nn/MultiheadAttention/not_divisible"] = "nn.MultiheadAttention(10, 3)"
CASES["nn/MultiheadAttention/zero_heads"] = "nn.MultiheadAttention(10, 0)"
CASES["nn/MultiheadAttention/negative_embed"] = "nn.MultiheadAttention(-4, 2)"
CASES["nn/TransformerEncoderLayer/nhead"] = "nn.TransformerEncoderLayer(10, 3)"
CASES["nn/TransformerEncoderLayer/activation"] = "nn.TransformerEncoderLayer(8, 2, activation='tanh')"
CASES["nn/TransformerDecoderLayer/nhead"] = "nn.TransformerDecoderLayer(10, 3)"
CASES["nn/Transformer/nhead"] = "nn.Transformer(d_model=10, nhead=3, num_encoder_layers=1, num_decoder_layers=1)"
CASES["nn/Transformer/ok"] = "nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=4)"
CASES["nn/TransformerEncoder/layers_zero"] = "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 4), 0)"
CASES["nn/MaxPool2d/kernel_zero"] = "nn.MaxPool2d(0)(lib.zeros(1, 1, 4, 4))"
CASES["nn/MaxPool2d/padding_big"] = "nn.MaxPool2d(2, padding=2)(lib.zeros(1, 1, 4, 4))"
CASES["nn/AvgPool2d/stride_zero"] = "nn.AvgPool2d(2, stride=0)(lib.zeros(1, 1, 4, 4))"
CASES["nn/Upsample/mode"] = "nn.Upsample(scale_factor=2, mode='bogus')(lib.zeros(1, 1, 4))"
CASES["nn/PixelShuffle/not_divisible"] = "nn.PixelShuffle(2)(lib.zeros(1, 3, 2, 2))"
CASES["nn/Flatten/dims"] = "nn.Flatten(2, 1)(lib.zeros(2, 3, 4))"
CASES["nn/Unflatten/sizes"] = "nn.Unflatten(1, (2, 2))(lib.zeros(2, 3))"
CASES["nn/Softmax/dim_range"] = "nn.Softmax(dim=3)(lib.zeros(2, 3))"
CASES["nn/Hardtanh/bounds"] = "nn.Hardtanh(1.0, -1.0)"
CASES["nn/Threshold/ok"] = "nn.Threshold(0.1, 0.0)(t([0.0, 1.0])).tolist()"
CASES["nn/PReLU/num_parameters"] = "nn.PReLU(3)(lib.zeros(2, 4))"
CASES["nn/Sequential/not_module"] = "nn.Sequential(3)"
CASES["nn/ModuleList/not_module"] = "nn.ModuleList([3])"
CASES["nn/ModuleDict/not_module"] = "nn.ModuleDict({'a': 3})"
CASES["nn/Module/add_module_dot"] = "nn.Module().add_module('a.b', nn.Linear(1, 1))"
CASES["nn/Module/add_module_empty"] = "nn.Module().add_module('', nn.Linear(1, 1))"
CASES["nn/Module/register_buffer_dot"] = "nn.Module().register_buffer('a.b', lib.zeros(1))"
CASES["nn/Module/register_buffer_not_tensor"] = "nn.Module().register_buffer('a', 3)"
CASES["nn/Module/register_parameter_tensor"] = "nn.Module().register_parameter('a', lib.zeros(1))"
CASES["nn/Module/register_parameter_empty"] = "nn.Module().register_parameter('', nn.Parameter(lib.zeros(1)))"
CASES["nn/Module/add_module_not_module"] = "nn.Module().add_module('a', 3)"
CASES["nn/CrossEntropyLoss/reduction"] = "nn.CrossEntropyLoss(reduction='bogus')(lib.zeros(2, 3), t([0, 1]))"
CASES["nn/CrossEntropyLoss/label_smoothing"] = "nn.CrossEntropyLoss(label_smoothing=1.5)(lib.zeros(2, 3), t([0, 1]))"

# ----- nn.functional argument checks -------------------------------------------------------------------------
for _loss, _args in (("mse_loss", "lib.zeros(3), lib.zeros(3)"), ("l1_loss", "lib.zeros(3), lib.zeros(3)"),
                     ("smooth_l1_loss", "lib.zeros(3), lib.zeros(3)"), ("huber_loss", "lib.zeros(3), lib.zeros(3)"),
                     ("cross_entropy", "lib.zeros(2, 3), t([0, 1])"), ("nll_loss", "lib.zeros(2, 3), t([0, 1])"),
                     ("binary_cross_entropy", "lib.zeros(3) + 0.5, lib.zeros(3)"),
                     ("binary_cross_entropy_with_logits", "lib.zeros(3), lib.zeros(3)"),
                     ("kl_div", "lib.zeros(3), lib.zeros(3)"), ("soft_margin_loss", "lib.zeros(3), lib.ones(3)"),
                     ("hinge_embedding_loss", "lib.zeros(3), lib.ones(3)"),
                     ("poisson_nll_loss", "lib.zeros(3), lib.zeros(3)"),
                     ("gaussian_nll_loss", "lib.zeros(3), lib.zeros(3), lib.ones(3)"),
                     ("multilabel_soft_margin_loss", "lib.zeros(2, 3), lib.zeros(2, 3)"),
                     ("multi_margin_loss", "lib.zeros(2, 3), t([0, 1])"),
                     ("multilabel_margin_loss", "lib.zeros(2, 3), t([[0, -1, 1], [1, -1, 0]])"),
                     ("margin_ranking_loss", "lib.zeros(3), lib.zeros(3), lib.ones(3)"),
                     ("cosine_embedding_loss", "lib.ones(2, 3), lib.ones(2, 3), lib.ones(2)"),
                     ("triplet_margin_loss", "lib.ones(2, 3), lib.ones(2, 3), lib.ones(2, 3)")):
    CASES[f"F/{_loss}/reduction"] = f"F.{_loss}({_args}, reduction='bogus')"
CASES["F/smooth_l1_loss/beta_negative"] = "F.smooth_l1_loss(lib.zeros(3), lib.zeros(3), beta=-1.0)"
CASES["F/huber_loss/delta_zero"] = "F.huber_loss(lib.zeros(3), lib.zeros(3), delta=0.0)"
CASES["F/gaussian_nll_loss/var_negative"] = "F.gaussian_nll_loss(lib.zeros(3), lib.zeros(3), -lib.ones(3))"
CASES["F/multi_margin_loss/p"] = "F.multi_margin_loss(lib.zeros(2, 3), t([0, 1]), p=3)"
CASES["F/triplet/margin_negative"] = "F.triplet_margin_loss(lib.ones(2, 3), lib.ones(2, 3), lib.ones(2, 3), margin=-1.0)"
CASES["F/cross_entropy/label_smoothing"] = "F.cross_entropy(lib.zeros(2, 3), t([0, 1]), label_smoothing=-0.5)"
CASES["F/softmax/dim_range"] = "F.softmax(lib.zeros(2, 3), dim=2)"
CASES["F/log_softmax/dim_range"] = "F.log_softmax(lib.zeros(2, 3), dim=-3)"
CASES["F/normalize/dim_range"] = "F.normalize(lib.zeros(2, 3), dim=2)"
CASES["F/cosine_similarity/dim_range"] = "F.cosine_similarity(lib.zeros(2, 3), lib.zeros(2, 3), dim=2)"
CASES["F/glu/odd"] = "F.glu(lib.zeros(2, 3))"
CASES["F/glu/dim_range"] = "F.glu(lib.zeros(2, 4), dim=2)"
CASES["F/pad/odd_length"] = "F.pad(lib.zeros(2, 3), (1,))"
CASES["F/pad/too_long"] = "F.pad(lib.zeros(2, 3), (1, 1, 1, 1, 1, 1))"
CASES["F/pad/mode"] = "F.pad(lib.zeros(1, 2, 3), (1, 1), mode='bogus')"
CASES["F/pad/reflect_big"] = "F.pad(lib.zeros(1, 2, 3), (3, 3), mode='reflect')"
CASES["F/pad/reflect_value"] = "F.pad(lib.zeros(1, 2, 3), (1, 1), mode='reflect', value=1.0)"
CASES["F/pad/reflect_2d_input_3pad"] = "F.pad(lib.zeros(2, 3), (1, 1, 1, 1), mode='reflect')"
CASES["F/pad/replicate_1d"] = "F.pad(lib.zeros(3), (1, 1), mode='replicate')"
CASES["F/pad/circular_big"] = "F.pad(lib.zeros(1, 2, 3), (4, 4), mode='circular')"
CASES["F/pad/negative_ok"] = "F.pad(lib.zeros(2, 3), (-1, 0)).shape"
CASES["F/pad/negative_too_much"] = "F.pad(lib.zeros(2, 3), (-2, -2))"
CASES["F/pad/float"] = "F.pad(lib.zeros(2, 3), (1.5, 1))"
CASES["F/interpolate/mode"] = "F.interpolate(lib.zeros(1, 1, 4), scale_factor=2, mode='bogus')"
CASES["F/interpolate/both"] = "F.interpolate(lib.zeros(1, 1, 4), size=8, scale_factor=2)"
CASES["F/interpolate/neither"] = "F.interpolate(lib.zeros(1, 1, 4))"
CASES["F/interpolate/align_nearest"] = "F.interpolate(lib.zeros(1, 1, 4), scale_factor=2, mode='nearest', align_corners=True)"
CASES["F/interpolate/align_area"] = "F.interpolate(lib.zeros(1, 1, 4), size=2, mode='area', align_corners=False)"
CASES["F/interpolate/bilinear_3d"] = "F.interpolate(lib.zeros(1, 1, 4), scale_factor=2, mode='bilinear')"
CASES["F/interpolate/linear_4d"] = "F.interpolate(lib.zeros(1, 1, 4, 4), scale_factor=2, mode='linear')"
CASES["F/interpolate/trilinear_4d"] = "F.interpolate(lib.zeros(1, 1, 4, 4), scale_factor=2, mode='trilinear')"
CASES["F/interpolate/bicubic_3d"] = "F.interpolate(lib.zeros(1, 1, 4), scale_factor=2, mode='bicubic')"
CASES["F/interpolate/size_len"] = "F.interpolate(lib.zeros(1, 1, 4, 4), size=(2, 2, 2))"
CASES["F/interpolate/scale_len"] = "F.interpolate(lib.zeros(1, 1, 4, 4), scale_factor=(2, 2, 2))"
CASES["F/interpolate/2d_input"] = "F.interpolate(lib.zeros(4, 4), scale_factor=2)"
CASES["F/interpolate/antialias_nearest"] = "F.interpolate(lib.zeros(1, 1, 4, 4), scale_factor=2, antialias=True)"
CASES["F/interpolate/recompute_size"] = "F.interpolate(lib.zeros(1, 1, 4), size=8, recompute_scale_factor=True)"
CASES["F/interpolate/size_zero"] = "F.interpolate(lib.zeros(1, 1, 4), size=0)"
CASES["F/interpolate/size_zero_2d"] = "F.interpolate(lib.zeros(1, 1, 4, 4), size=(0, 2))"
CASES["F/interpolate/size_zero_bilinear"] = "F.interpolate(lib.zeros(1, 1, 4, 4), size=(2, 0), mode='bilinear')"
CASES["F/interpolate/input_zero"] = "F.interpolate(lib.zeros(1, 1, 0, 4), size=(2, 2))"
CASES["F/interpolate/scale_small"] = "F.interpolate(lib.zeros(1, 1, 4), scale_factor=0.1)"
CASES["F/interpolate/size_zero_3d"] = "F.interpolate(lib.zeros(1, 1, 4, 4, 4), size=(2, 2, 0), mode='trilinear')"
CASES["F/interpolate/size_zero_bicubic"] = "F.interpolate(lib.zeros(1, 1, 4, 4), size=(2, 0), mode='bicubic')"
CASES["F/interpolate/size_zero_area"] = "F.interpolate(lib.zeros(1, 1, 4, 4), size=(2, 0), mode='area').shape"
CASES["F/one_hot/empty_negative"] = "F.one_hot(lib.zeros(0, dtype=lib.int64), -3)"
CASES["F/one_hot/empty_two"] = "F.one_hot(lib.zeros(0, dtype=lib.int64), 2).shape"
CASES["F/embedding_bag/offsets_start"] = "nn.EmbeddingBag(5, 3)(t([1, 2]), t([1, 0]))"
CASES["F/embedding_bag/offsets_start_fn"] = "F.embedding_bag(t([1, 2]), lib.zeros(5, 3), t([1]))"
CASES["F/embedding_bag/offsets_2d"] = "F.embedding_bag(t([1, 2]), lib.zeros(5, 3), t([[0]]))"
CASES["F/embedding_bag/input_2d_offsets"] = "F.embedding_bag(t([[1, 2]]), lib.zeros(5, 3), t([0]))"
CASES["F/embedding_bag/input_1d_no_offsets"] = "F.embedding_bag(t([1, 2]), lib.zeros(5, 3))"
CASES["F/embedding_bag/input_3d"] = "F.embedding_bag(t([[[1, 2]]]), lib.zeros(5, 3))"
CASES["F/embedding_bag/mode"] = "F.embedding_bag(t([[1, 2]]), lib.zeros(5, 3), mode='bogus')"
CASES["F/embedding_bag/psw_mean"] = "F.embedding_bag(t([[1, 2]]), lib.zeros(5, 3), mode='mean', per_sample_weights=lib.ones(1, 2))"
CASES["F/embedding_bag/psw_shape"] = "F.embedding_bag(t([[1, 2]]), lib.zeros(5, 3), mode='sum', per_sample_weights=lib.ones(3))"
CASES["F/embedding_bag/offsets_float"] = "F.embedding_bag(t([1, 2]), lib.zeros(5, 3), t([0.0]))"
CASES["F/embedding_bag/offsets_decreasing"] = "F.embedding_bag(t([1, 2, 3]), lib.zeros(5, 3), t([0, 2, 1])).shape"
CASES["F/embedding_bag/offsets_past_end"] = "F.embedding_bag(t([1, 2]), lib.zeros(5, 3), t([0, 5])).shape"
CASES["F/embedding_bag/weight_1d"] = "F.embedding_bag(t([[1, 2]]), lib.zeros(5))"
CASES["F/embedding_bag/max_norm"] = "F.embedding_bag(t([[1, 2]]), lib.zeros(5, 3), max_norm=-1.0).shape"
CASES["F/embedding/padding_idx_big"] = "F.embedding(t([1]), lib.zeros(5, 3), padding_idx=5)"
CASES["F/embedding/padding_idx_small"] = "F.embedding(t([1]), lib.zeros(5, 3), padding_idx=-6)"
CASES["F/embedding/float_index"] = "F.embedding(t([1.0]), lib.zeros(5, 3))"
CASES["F/one_hot/num_classes_small"] = "F.one_hot(t([0, 3]), num_classes=3)"
CASES["F/one_hot/negative_class"] = "F.one_hot(t([0, -1]))"
CASES["F/one_hot/float"] = "F.one_hot(t([0.0, 1.0]))"
CASES["F/one_hot/num_classes_negative2"] = "F.one_hot(t([0, 1]), num_classes=-2)"
CASES["F/one_hot/empty_auto"] = "F.one_hot(lib.zeros(0, dtype=lib.int64))"
CASES["F/one_hot/empty_zero"] = "F.one_hot(lib.zeros(0, dtype=lib.int64), num_classes=0).shape"
CASES["F/grid_sample/mode"] = "F.grid_sample(lib.zeros(1, 1, 3, 3), lib.zeros(1, 2, 2, 2), mode='bogus', align_corners=False)"
CASES["F/grid_sample/padding_mode"] = "F.grid_sample(lib.zeros(1, 1, 3, 3), lib.zeros(1, 2, 2, 2), padding_mode='bogus', align_corners=False)"
CASES["F/grid_sample/bicubic_5d"] = "F.grid_sample(lib.zeros(1, 1, 3, 3, 3), lib.zeros(1, 2, 2, 2, 3), mode='bicubic', align_corners=False)"
CASES["F/grid_sample/grid_last"] = "F.grid_sample(lib.zeros(1, 1, 3, 3), lib.zeros(1, 2, 2, 3), align_corners=False)"
CASES["F/grid_sample/batch"] = "F.grid_sample(lib.zeros(2, 1, 3, 3), lib.zeros(1, 2, 2, 2), align_corners=False)"
CASES["F/affine_grid/size"] = "F.affine_grid(lib.zeros(1, 2, 3), [1, 1, 4], align_corners=False)"
CASES["F/affine_grid/size_tuple"] = "F.affine_grid(lib.zeros(1, 2, 3), (1, 1, 4), align_corners=False)"
CASES["F/affine_grid/theta_tuple"] = "F.affine_grid(lib.zeros(1, 3, 3), (1, 1, 4, 4), align_corners=False)"
CASES["F/affine_grid/theta"] = "F.affine_grid(lib.zeros(1, 3, 3), [1, 1, 4, 4], align_corners=False)"
CASES["F/affine_grid/int_theta"] = "F.affine_grid(t([[[1, 0, 0], [0, 1, 0]]]), [1, 1, 4, 4], align_corners=False)"
CASES["F/ctc_loss/input_lengths"] = ("F.ctc_loss(lib.zeros(5, 2, 4).log_softmax(2), t([[1, 2], [1, 1]]), t([6, 5]), "
                                     "t([2, 2]))")
CASES["F/ctc_loss/target_lengths"] = ("F.ctc_loss(lib.zeros(5, 2, 4).log_softmax(2), t([[1, 2], [1, 1]]), t([5, 5]), "
                                      "t([3, 2]))")
CASES["F/ctc_loss/lengths_count"] = ("F.ctc_loss(lib.zeros(5, 2, 4).log_softmax(2), t([[1, 2], [1, 1]]), t([5]), "
                                     "t([2, 2]))")
CASES["F/ctc_loss/reduction"] = ("F.ctc_loss(lib.zeros(5, 2, 4).log_softmax(2), t([[1, 2], [1, 1]]), t([5, 5]), "
                                 "t([2, 2]), reduction='bogus')")
CASES["F/ctc_loss/blank"] = ("F.ctc_loss(lib.zeros(5, 2, 4).log_softmax(2), t([[1, 2], [1, 1]]), t([5, 5]), "
                             "t([2, 2]), blank=4)")
CASES["F/ctc_loss/negative_length"] = ("F.ctc_loss(lib.zeros(5, 2, 4).log_softmax(2), t([[1, 2], [1, 1]]), t([5, -1]), "
                                       "t([2, 2]))")
CASES["F/ctc_loss/negative_target_length"] = ("F.ctc_loss(lib.zeros(5, 2, 4).log_softmax(2), t([[1, 2], [1, 1]]), "
                                              "t([5, 5]), t([2, -1]))")
CASES["F/ctc_loss/targets_before_inputs"] = ("F.ctc_loss(lib.zeros(5, 2, 4).log_softmax(2), t([[1, 2], [1, 1]]), "
                                             "t([6, 5]), t([3, 2]))")
CASES["F/ctc_loss/negative_both"] = ("F.ctc_loss(lib.zeros(5, 2, 4).log_softmax(2), t([[1, 2], [1, 1]]), "
                                     "t([-1, 5]), t([2, -1]))")
CASES["F/ctc_loss/tuple_lengths_ok"] = ("round(F.ctc_loss(lib.zeros(5, 2, 4).log_softmax(2), t([[1, 2], [1, 1]]), (5, 5), "
                                        "(2, 2)).item(), 4)")
CASES["F/unfold/kernel_zero"] = "F.unfold(lib.zeros(1, 1, 4, 4), kernel_size=0)"
CASES["F/unfold/3d"] = "F.unfold(lib.zeros(1, 4, 4), kernel_size=2).shape"
CASES["F/fold/output"] = "F.fold(lib.zeros(1, 4, 5), output_size=(3, 3), kernel_size=2)"
CASES["F/pixel_shuffle/negative"] = "F.pixel_shuffle(lib.zeros(1, 4, 2, 2), -2)"
CASES["F/adaptive_avg_pool2d/negative"] = "F.adaptive_avg_pool2d(lib.zeros(1, 1, 4, 4), -1)"
CASES["F/max_pool1d/ceil"] = "F.max_pool1d(lib.zeros(1, 1, 4), 2, padding=-1)"
for _i, _kw in enumerate(("kernel_size=0", "kernel_size=2, stride=0", "kernel_size=2, padding=2",
                          "kernel_size=2, dilation=0", "kernel_size=5", "kernel_size=(2, 2)", "kernel_size=2, stride=(1, 1)",
                          "kernel_size=2, padding=(0, 0)", "kernel_size=3, padding=1, ceil_mode=True, stride=2",
                          "kernel_size=2, stride=[]")):
    CASES[f"F/max_pool1d/args{_i}"] = f"F.max_pool1d(lib.zeros(1, 1, 4), {_kw}).shape"
    CASES[f"F/max_pool1d/args{_i}_grad"] = f"F.max_pool1d(lib.zeros(1, 1, 4, requires_grad=True), {_kw}).shape"
CASES["F/scaled_dot_product/dropout"] = "F.scaled_dot_product_attention(lib.zeros(1, 2, 3), lib.zeros(1, 2, 3), lib.zeros(1, 2, 3), dropout_p=1.5).shape"
CASES["F/scaled_dot_product/causal_mask"] = ("F.scaled_dot_product_attention(lib.zeros(1, 2, 3), lib.zeros(1, 2, 3), lib.zeros(1, 2, 3), "
                                              "attn_mask=lib.zeros(2, 2), is_causal=True)")
CASES["F/gumbel_softmax/tau"] = "F.gumbel_softmax(lib.zeros(2, 3), tau=0.0).shape"
CASES["F/rrelu/bounds"] = "F.rrelu(lib.zeros(3), lower=0.5, upper=0.1, training=True).shape"
CASES["F/elu/alpha_inplace"] = "F.elu(lib.zeros(3), alpha=-1.0, inplace=True)"
CASES["F/softplus/beta"] = "F.softplus(lib.zeros(3), beta=0).tolist()"
CASES["F/hardtanh/bounds"] = "F.hardtanh(lib.zeros(3), 1.0, -1.0)"
CASES["F/local_response_norm/dim"] = "F.local_response_norm(lib.zeros(3, 4), 2)"
CASES["F/batch_norm/running_shape"] = "F.batch_norm(lib.zeros(2, 3), lib.zeros(4), lib.ones(4))"
CASES["F/instance_norm/one_value"] = "F.instance_norm(lib.zeros(1, 3, 1), use_input_stats=True)"
CASES["F/linear/shape"] = "F.linear(lib.zeros(2, 3), lib.zeros(4, 5))"
CASES["F/conv2d/groups"] = "F.conv2d(lib.zeros(1, 3, 4, 4), lib.zeros(4, 1, 2, 2), groups=2)"
CASES["F/conv2d/padding_str"] = "F.conv2d(lib.zeros(1, 2, 4, 4), lib.zeros(4, 2, 2, 2), padding='bogus')"
CASES["F/conv2d/same_stride"] = "F.conv2d(lib.zeros(1, 2, 4, 4), lib.zeros(4, 2, 2, 2), stride=2, padding='same')"
CASES["F/conv1d/stride_zero"] = "F.conv1d(lib.zeros(1, 2, 4), lib.zeros(4, 2, 2), stride=0)"

# ----- nn.utils ----------------------------------------------------------------------------------------------
_GP = "(lambda ps: ([p.grad.fill_(1.0) if p.grad is not None else None for p in ps], ps)[1])(PG())"
CASES["utils/clip_grad_norm_/fro"] = f"U.clip_grad_norm_({_GP}, 1.0, norm_type='fro')"
CASES["utils/clip_grad_norm_/inf_str"] = f"round(float(U.clip_grad_norm_({_GP}, 1.0, norm_type='inf')), 4)"
CASES["utils/clip_grad_norm_/nuc"] = f"U.clip_grad_norm_({_GP}, 1.0, norm_type='nuc')"
CASES["utils/clip_grad_norm_/bogus"] = f"U.clip_grad_norm_({_GP}, 1.0, norm_type='bogus')"
CASES["utils/clip_grad_norm_/two_str"] = f"round(float(U.clip_grad_norm_({_GP}, 1.0, norm_type='2')), 4)"
CASES["utils/clip_grad_norm_/none"] = f"U.clip_grad_norm_({_GP}, 1.0, norm_type=None)"
CASES["utils/clip_grad_norm_/neg_inf"] = f"round(float(U.clip_grad_norm_({_GP}, 1.0, norm_type=-float('inf'))), 4)"
CASES["utils/clip_grad_norm_/zero"] = f"round(float(U.clip_grad_norm_({_GP}, 1.0, norm_type=0)), 4)"
CASES["utils/clip_grad_norm_/max_norm_str"] = f"U.clip_grad_norm_({_GP}, 'a')"
CASES["utils/clip_grad_norm_/max_norm_negative"] = f"round(float(U.clip_grad_norm_({_GP}, -1.0)), 4)"
CASES["utils/clip_grad_norm_/nonfinite"] = ("(lambda ps: (ps[0].grad.fill_(float('nan')), U.clip_grad_norm_(ps, 1.0, "
                                            "error_if_nonfinite=True)))(PG())")
CASES["utils/clip_grad_norm_/nonfinite_ok"] = ("(lambda ps: (ps[0].grad.fill_(float('inf')), str(float(U.clip_grad_norm_(ps, 1.0))))[1])(PG())")
CASES["utils/clip_grad_norm_/no_grads"] = "float(U.clip_grad_norm_(P(), 1.0))"
CASES["utils/clip_grad_norm_/tensor_param"] = f"round(float(U.clip_grad_norm_({_GP}[0], 1.0)), 4)"
CASES["utils/clip_grad_norm_/int"] = "U.clip_grad_norm_(3, 1.0)"
CASES["utils/clip_grad_value_/str"] = f"U.clip_grad_value_({_GP}, 'a')"
CASES["utils/clip_grad_value_/negative"] = f"(U.clip_grad_value_({_GP}, -1.0), 'ok')[1]"
CASES["utils/clip_grad_value_/none"] = f"U.clip_grad_value_({_GP}, None)"
CASES["utils/clip_grads_with_norm_/fro"] = f"U.clip_grads_with_norm_({_GP}, 1.0, 'fro')"
CASES["utils/get_total_norm/fro"] = "U.get_total_norm([lib.ones(2)], norm_type='fro')"
CASES["utils/get_total_norm/inf"] = "float(U.get_total_norm([lib.ones(2)], norm_type='inf'))"
CASES["utils/parameters_to_vector/int"] = "U.parameters_to_vector([3])"
CASES["utils/parameters_to_vector/tensor"] = "U.parameters_to_vector(lib.ones(2)).tolist()"
CASES["utils/parameters_to_vector/empty"] = "U.parameters_to_vector([])"
CASES["utils/vector_to_parameters/not_tensor"] = "U.vector_to_parameters([1.0, 2.0], P())"
CASES["utils/vector_to_parameters/short"] = "U.vector_to_parameters(lib.zeros(3), P())"
CASES["utils/vector_to_parameters/long"] = "U.vector_to_parameters(lib.zeros(9), P())"
CASES["utils/vector_to_parameters/int_param"] = "U.vector_to_parameters(lib.zeros(4), [3])"
CASES["utils/pack_padded/unsorted"] = "U.rnn.pack_padded_sequence(lib.zeros(3, 2, 1), t([1, 3]))"
CASES["utils/pack_padded/unsorted_ok"] = "U.rnn.pack_padded_sequence(lib.zeros(3, 2, 1), t([1, 3]), enforce_sorted=False).batch_sizes.tolist()"
CASES["utils/pack_padded/zero_length"] = "U.rnn.pack_padded_sequence(lib.zeros(3, 2, 1), t([3, 0]))"
CASES["utils/pack_padded/too_long"] = "U.rnn.pack_padded_sequence(lib.zeros(3, 2, 1), t([4, 3]))"
CASES["utils/pack_padded/count"] = "U.rnn.pack_padded_sequence(lib.zeros(3, 2, 1), t([3, 2, 1]))"
CASES["utils/pack_padded/list_ok"] = "U.rnn.pack_padded_sequence(lib.zeros(3, 2, 1), [3, 2]).batch_sizes.tolist()"
CASES["utils/pack_padded/float_lengths"] = "U.rnn.pack_padded_sequence(lib.zeros(3, 2, 1), t([3.0, 2.0])).batch_sizes.tolist()"
CASES["utils/pack_padded/2d_lengths"] = "U.rnn.pack_padded_sequence(lib.zeros(3, 2, 1), t([[3, 2]]))"
CASES["utils/pack_sequence/unsorted"] = "U.rnn.pack_sequence([lib.zeros(1), lib.zeros(2)])"
CASES["utils/pack_sequence/empty"] = "U.rnn.pack_sequence([])"
CASES["utils/pad_sequence/empty"] = "U.rnn.pad_sequence([])"
CASES["utils/pad_sequence/side"] = "U.rnn.pad_sequence([lib.zeros(2)], padding_side='middle')"
CASES["utils/pad_packed/total_length"] = ("U.rnn.pad_packed_sequence(U.rnn.pack_padded_sequence(lib.zeros(3, 2, 1), t([3, 2])), "
                                          "total_length=2)")
CASES["utils/weight_norm/name"] = "U.weight_norm(nn.Linear(2, 2), name='bogus')"
CASES["utils/spectral_norm/iters"] = "U.spectral_norm(nn.Linear(2, 2), n_power_iterations=0)"
CASES["utils/spectral_norm/name"] = "U.spectral_norm(nn.Linear(2, 2), name='bogus')"
CASES["utils/prune/amount_big"] = "prune().l1_unstructured(nn.Linear(2, 2), 'weight', amount=1.5)"
CASES["utils/prune/amount_count"] = "prune().l1_unstructured(nn.Linear(2, 2), 'weight', amount=5)"
CASES["utils/prune/amount_negative"] = "prune().random_unstructured(nn.Linear(2, 2), 'weight', amount=-1)"

# ----- torch.utils.data --------------------------------------------------------------------------------------
_DS = "D.TensorDataset(lib.arange(10))"
CASES["data/DataLoader/batch_size_zero"] = f"D.DataLoader({_DS}, batch_size=0)"
CASES["data/DataLoader/batch_size_negative"] = f"D.DataLoader({_DS}, batch_size=-1)"
CASES["data/DataLoader/batch_size_float"] = f"D.DataLoader({_DS}, batch_size=1.5)"
CASES["data/DataLoader/batch_size_bool"] = f"D.DataLoader({_DS}, batch_size=True)"
CASES["data/DataLoader/num_workers_negative"] = f"D.DataLoader({_DS}, num_workers=-1)"
CASES["data/DataLoader/timeout_negative"] = f"D.DataLoader({_DS}, timeout=-1)"
CASES["data/DataLoader/sampler_shuffle"] = f"D.DataLoader({_DS}, sampler=D.SequentialSampler(range(10)), shuffle=True)"
CASES["data/DataLoader/batch_sampler_batch_size"] = (f"D.DataLoader({_DS}, batch_sampler=D.BatchSampler(range(10), 2, False), "
                                                     "batch_size=3)")
CASES["data/DataLoader/batch_sampler_shuffle"] = (f"D.DataLoader({_DS}, batch_sampler=D.BatchSampler(range(10), 2, False), "
                                                  "shuffle=True)")
CASES["data/DataLoader/batch_sampler_drop_last"] = (f"D.DataLoader({_DS}, batch_sampler=D.BatchSampler(range(10), 2, False), "
                                                    "drop_last=True)")
CASES["data/DataLoader/batch_sampler_sampler"] = (f"D.DataLoader({_DS}, batch_sampler=D.BatchSampler(range(10), 2, False), "
                                                  "sampler=range(10))")
CASES["data/DataLoader/none_drop_last"] = f"D.DataLoader({_DS}, batch_size=None, drop_last=True)"
CASES["data/DataLoader/prefetch_no_workers"] = f"D.DataLoader({_DS}, prefetch_factor=2)"
CASES["data/DataLoader/persistent_no_workers"] = f"D.DataLoader({_DS}, persistent_workers=True)"
CASES["data/DataLoader/prefetch_negative"] = f"D.DataLoader({_DS}, num_workers=1, prefetch_factor=-1)"
CASES["data/DataLoader/shuffle_str"] = f"D.DataLoader({_DS}, shuffle='yes')"
CASES["data/DataLoader/shuffle_iterable"] = "D.DataLoader(Iterable(), shuffle=True)"
CASES["data/DataLoader/sampler_iterable"] = "D.DataLoader(Iterable(), sampler=range(3))"
CASES["data/DataLoader/batch_size_none_ok"] = f"len(D.DataLoader({_DS}, batch_size=None))"
CASES["data/DataLoader/set_batch_size"] = f"setattr(D.DataLoader({_DS}), 'batch_size', 3)"
CASES["data/random_split/fractions"] = f"D.random_split({_DS}, [0.5, 0.4])"
CASES["data/random_split/lengths"] = f"D.random_split({_DS}, [5, 4])"
CASES["data/random_split/negative_fraction"] = f"D.random_split({_DS}, [1.5, -0.5])"
CASES["data/random_split/fractions_ok"] = f"[len(s) for s in D.random_split({_DS}, [0.5, 0.3, 0.2])]"
CASES["data/random_split/rounding_ok"] = f"[len(s) for s in D.random_split({_DS}, [0.33, 0.33, 0.34])]"
CASES["data/random_split/negative_length"] = f"D.random_split({_DS}, [11, -1])"
CASES["data/Subset/index_out"] = f"D.Subset({_DS}, [0, 20])[1]"
CASES["data/Subset/len"] = f"len(D.Subset({_DS}, [0, 20, 3]))"
CASES["data/TensorDataset/sizes"] = "D.TensorDataset(lib.zeros(3), lib.zeros(4))"
CASES["data/RandomSampler/num_samples_zero"] = "D.RandomSampler(range(5), num_samples=0)"
CASES["data/RandomSampler/num_samples_float"] = "D.RandomSampler(range(5), num_samples=1.5)"
CASES["data/RandomSampler/replacement_str"] = "D.RandomSampler(range(5), replacement='yes')"
CASES["data/BatchSampler/batch_size_zero"] = "D.BatchSampler(range(5), 0, False)"
CASES["data/BatchSampler/drop_last_str"] = "D.BatchSampler(range(5), 2, 'no')"
CASES["data/WeightedRandomSampler/num_samples"] = "D.WeightedRandomSampler([0.5, 0.5], num_samples=0)"
CASES["data/WeightedRandomSampler/replacement"] = "D.WeightedRandomSampler([0.5, 0.5], num_samples=2, replacement='yes')"
CASES["data/WeightedRandomSampler/weights_2d"] = "D.WeightedRandomSampler([[0.5, 0.5]], num_samples=2)"
CASES["data/ConcatDataset/empty"] = "D.ConcatDataset([])"
CASES["data/ConcatDataset/iterable"] = "D.ConcatDataset([Iterable()])"
CASES["data/ConcatDataset/index"] = f"D.ConcatDataset([{_DS}])[10]"
CASES["data/ConcatDataset/negative_index"] = f"D.ConcatDataset([{_DS}])[-11]"
CASES["data/SubsetRandomSampler/ok"] = "len(D.SubsetRandomSampler([1, 2]))"


def namespace(lib):
    """The names each case's expression sees."""
    def P():
        return [lib.nn.Parameter(lib.zeros(2)), lib.nn.Parameter(lib.ones(2))]

    def PG():
        params = P()
        for p in params:
            p.grad = lib.zeros_like(p)
        return params

    class Iterable(lib.utils.data.IterableDataset):
        def __iter__(self):
            return iter(range(3))

    return dict(lib=lib, O=lib.optim, S=lib.optim.lr_scheduler, nn=lib.nn, F=lib.nn.functional, U=lib.nn.utils,
                D=lib.utils.data, P=P, PG=PG, opt=lambda: lib.optim.SGD(P(), lr=0.1), t=lib.tensor,
                Iterable=Iterable, prune=lambda: importlib.import_module(f"{lib.__name__}.nn.utils.prune"))


def plain(value):
    """A case's result as plain data: ``"ok"`` for objects, tuples and sizes as lists, numbers as they are."""
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return "ok"


def _spelled(message):
    """``torch.`` (and "torch Tensor") read as ``gradlib.``'s; a printed set of strings (whose order is the
    process's string hashing) with its members sorted."""
    message = message.replace("torch.", "gradlib.").replace("torch Tensor", "gradlib Tensor")
    return re.sub(r"\{'[^{}]*'\}", lambda m: "{" + ", ".join(sorted(m.group(0)[1:-1].split(", "))) + "}", message)


def run(lib, name):
    """The answer of one case: ``{"value": ...}`` or ``{"error": [class, message]}`` with ``torch.`` as ``gradlib.``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return {"value": plain(eval(CASES[name], namespace(lib)))}
        except Exception as error:  # the class and message are the spec
            return {"error": [type(error).__name__, _spelled(str(error))]}


def record():
    import torch
    recorded = {name: run(torch, name) for name in CASES}
    FILE.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"recorded {len(recorded)} cases in {FILE.name}")
