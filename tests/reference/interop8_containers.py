"""Container modules (issue 15, interop8): ParameterDict, ModuleDict, ParameterList, ModuleList and Sequential
built and changed every way PyTorch allows (dicts, OrderedDicts, pairs, update, ``|``, setdefault, fromkeys, pop,
popitem, indexing, slicing, extend, insert, ``+``, ``*``, del) and their errors; written once for gradlib and
PyTorch (``lib``). The record of a case is what ``observe`` returns: the container's keys, repr and
named_parameters names after the case ran, the case's own result, or the exception.
"""
import collections

CASES = {
    # ParameterDict
    "pd_dict": "c = nn.ParameterDict({'b': P(1), 'a': P(2)})",
    "pd_ordered": "c = nn.ParameterDict(collections.OrderedDict([('b', P(1)), ('a', P(2))]))",
    "pd_pairs": "c = nn.ParameterDict([('b', P(1)), ('a', P(2))])",
    "pd_update_dict": "c = nn.ParameterDict({'x': P(0)}); c.update({'b': P(1), 'a': P(2)})",
    "pd_update_ordered": "c = nn.ParameterDict({'x': P(0)}); c.update(collections.OrderedDict([('b', P(1)), ('a', P(2))]))",
    "pd_update_pairs": "c = nn.ParameterDict({'x': P(0)}); c.update([('b', P(1)), ('a', P(2))])",
    "pd_update_pd": "c = nn.ParameterDict({'x': P(0)}); c.update(nn.ParameterDict({'b': P(1), 'a': P(2)}))",
    "pd_update_existing": "c = nn.ParameterDict({'x': P(0), 'y': P(1)}); c.update({'x': P(5)}); r = c['x'].tolist()",
    "pd_or": "c = nn.ParameterDict({'x': P(0)}) | nn.ParameterDict({'b': P(1), 'a': P(2)})",
    "pd_ror": "c = nn.ParameterDict({'x': P(0)}); c = c.__ror__(nn.ParameterDict({'b': P(1)}))",
    "pd_ior": "c = nn.ParameterDict({'x': P(0)}); c |= nn.ParameterDict({'b': P(1), 'a': P(2)})",
    "pd_setdefault_new": "c = nn.ParameterDict({'x': P(0)}); r = c.setdefault('y', P(3)).tolist()",
    "pd_setdefault_old": "c = nn.ParameterDict({'x': P(0)}); r = c.setdefault('x', P(3)).tolist()",
    "pd_setdefault_none": "c = nn.ParameterDict({'x': P(0)}); r = c.setdefault('y')",
    "pd_fromkeys": "c = nn.ParameterDict({'x': P(0)}).fromkeys(['b', 'a'], P(4))",
    "pd_fromkeys_none": "c = nn.ParameterDict().fromkeys(['b', 'a'])",
    "pd_pop": "c = nn.ParameterDict({'x': P(0), 'y': P(1)}); r = c.pop('x').tolist()",
    "pd_pop_missing": "c = nn.ParameterDict({'x': P(0)}); c.pop('z')",
    "pd_popitem": "c = nn.ParameterDict({'x': P(0), 'y': P(1)}); k, v = c.popitem(); r = [k, v.tolist()]",
    "pd_popitem_empty": "c = nn.ParameterDict(); c.popitem()",
    "pd_get": "c = nn.ParameterDict({'x': P(0)}); r = [c.get('x').tolist(), c.get('q'), c.get('q', 5)]",
    "pd_tensor_value": "c = nn.ParameterDict({'t': lib.ones(2)}); r = type(c['t']).__name__",
    "pd_plain_value": "c = nn.ParameterDict({'n': 3, 's': 'str'}); r = [c['n'], c['s']]",
    "pd_module_value": "c = nn.ParameterDict({'m': nn.Linear(1, 1)})",
    "pd_del": "c = nn.ParameterDict({'x': P(0), 'y': P(1)}); del c['x']",
    "pd_contains_len": "c = nn.ParameterDict({'x': P(0)}); r = ['x' in c, 'y' in c, len(c), list(c)]",
    "pd_keys_values_items": "c = nn.ParameterDict({'b': P(0), 'a': P(1)}); r = [list(c.keys()), [v.tolist() for v in c.values()], [k for k, _ in c.items()]]",
    "pd_copy": "c = nn.ParameterDict({'b': P(0), 'a': P(1)}).copy()",
    "pd_clear": "c = nn.ParameterDict({'b': P(0)}); c.clear()",
    "pd_setitem_int_key": "c = nn.ParameterDict(); c[1] = P(0)",
    "pd_update_bad": "c = nn.ParameterDict(); c.update(5)",
    "pd_update_bad_pair": "c = nn.ParameterDict(); c.update([('a', P(0), 1)])",
    "pd_reversed": "c = nn.ParameterDict({'b': P(0), 'a': P(1)}); r = list(reversed(c))",
    "pd_attr": "c = nn.ParameterDict({'b': P(0)}); r = c.b.tolist()",
    # ModuleDict
    "md_dict": "c = nn.ModuleDict({'b': nn.ReLU(), 'a': nn.Linear(1, 1)})",
    "md_ordered": "c = nn.ModuleDict(collections.OrderedDict([('b', nn.ReLU()), ('a', nn.Tanh())]))",
    "md_pairs": "c = nn.ModuleDict([('b', nn.ReLU()), ('a', nn.Tanh())])",
    "md_update_dict": "c = nn.ModuleDict({'x': nn.ReLU()}); c.update({'b': nn.Tanh(), 'a': nn.ReLU()})",
    "md_update_md": "c = nn.ModuleDict({'x': nn.ReLU()}); c.update(nn.ModuleDict({'b': nn.Tanh(), 'a': nn.ReLU()}))",
    "md_update_pairs": "c = nn.ModuleDict({'x': nn.ReLU()}); c.update([('b', nn.Tanh()), ('a', nn.ReLU())])",
    "md_pop": "c = nn.ModuleDict({'x': nn.ReLU(), 'y': nn.Tanh()}); r = type(c.pop('x')).__name__",
    "md_pop_missing": "c = nn.ModuleDict({'x': nn.ReLU()}); c.pop('z')",
    "md_getitem_missing": "c = nn.ModuleDict({'x': nn.ReLU()}); c['z']",
    "md_del": "c = nn.ModuleDict({'x': nn.ReLU(), 'y': nn.Tanh()}); del c['x']",
    "md_not_module": "c = nn.ModuleDict({'x': 3})",
    "md_bad_key": "c = nn.ModuleDict({1: nn.ReLU()})",
    "md_dotted_key": "c = nn.ModuleDict({'a.b': nn.ReLU()})",
    "md_empty_key": "c = nn.ModuleDict({'': nn.ReLU()})",
    "md_clear": "c = nn.ModuleDict({'x': nn.ReLU()}); c.clear()",
    "md_keys": "c = nn.ModuleDict({'b': nn.ReLU(), 'a': nn.Tanh()}); r = [list(c.keys()), [k for k, _ in c.items()], [type(v).__name__ for v in c.values()]]",
    "md_update_bad": "c = nn.ModuleDict(); c.update(5)",
    "md_update_bad_pair": "c = nn.ModuleDict(); c.update([('a',)])",
    "md_contains": "c = nn.ModuleDict({'x': nn.ReLU()}); r = ['x' in c, 'q' in c, len(c)]",
    "md_nested": "c = nn.ModuleDict({'s': nn.Sequential(nn.Linear(1, 2), nn.ModuleDict({'q': nn.Linear(2, 1)}))})",
    # ParameterList
    "pl_init": "c = nn.ParameterList([P(0), P(1)])",
    "pl_init_tensor": "c = nn.ParameterList([lib.ones(2), P(1)]); r = [type(p).__name__ for p in c]",
    "pl_append": "c = nn.ParameterList(); c.append(P(0)); c.append(P(1))",
    "pl_extend": "c = nn.ParameterList([P(0)]); c.extend([P(1), P(2)])",
    "pl_extend_bad": "c = nn.ParameterList(); c.extend(P(1))",
    "pl_iadd": "c = nn.ParameterList([P(0)]); c += [P(1)]",
    "pl_index": "c = nn.ParameterList([P(0), P(1), P(2)]); r = [c[0].tolist(), c[-1].tolist()]",
    "pl_slice": "c = nn.ParameterList([P(0), P(1), P(2)])[1:]",
    "pl_index_error": "c = nn.ParameterList([P(0)]); c[3]",
    "pl_setitem": "c = nn.ParameterList([P(0), P(1)]); c[0] = P(9)",
    "pl_setitem_neg": "c = nn.ParameterList([P(0), P(1)]); c[-1] = P(9)",
    "pl_plain": "c = nn.ParameterList([P(0), 'str', 3]); r = [c[1], c[2]]",
    "pl_len_iter": "c = nn.ParameterList([P(0), P(1)]); r = [len(c), [p.tolist() for p in c]]",
    "pl_mixed_dtype": "c = nn.ParameterList([P(0), nn.Parameter(lib.ones(2, 2, dtype=lib.float64))])",
    # ModuleList
    "ml_init": "c = nn.ModuleList([nn.Linear(1, 2), nn.ReLU()])",
    "ml_append": "c = nn.ModuleList(); c.append(nn.ReLU()); c.append(nn.Linear(2, 1))",
    "ml_extend": "c = nn.ModuleList([nn.ReLU()]); c.extend([nn.Tanh(), nn.Linear(1, 1)])",
    "ml_extend_bad": "c = nn.ModuleList(); c.extend(nn.ReLU())",
    "ml_insert": "c = nn.ModuleList([nn.ReLU(), nn.Tanh()]); c.insert(1, nn.Linear(1, 1))",
    "ml_insert_neg": "c = nn.ModuleList([nn.ReLU(), nn.Tanh()]); c.insert(-1, nn.Linear(1, 1))",
    "ml_insert_end": "c = nn.ModuleList([nn.ReLU()]); c.insert(5, nn.Tanh())",
    "ml_add": "c = nn.ModuleList([nn.ReLU()]) + nn.ModuleList([nn.Tanh()])",
    "ml_add_list": "c = nn.ModuleList([nn.ReLU()]) + [nn.Tanh()]",
    "ml_iadd": "c = nn.ModuleList([nn.ReLU()]); c += [nn.Tanh()]",
    "ml_mul": "c = nn.ModuleList([nn.ReLU()]) * 2",
    "ml_slice": "c = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.Linear(1, 1)])[1:]",
    "ml_slice_step": "c = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.Linear(1, 1)])[::2]",
    "ml_neg_index": "c = nn.ModuleList([nn.ReLU(), nn.Tanh()]); r = type(c[-1]).__name__",
    "ml_index_error": "c = nn.ModuleList([nn.ReLU()]); c[2]",
    "ml_index_type_error": "c = nn.ModuleList([nn.ReLU()]); c['a']",
    "ml_del": "c = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.Linear(1, 1)]); del c[0]",
    "ml_del_slice": "c = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.Linear(1, 1)]); del c[:2]",
    "ml_setitem": "c = nn.ModuleList([nn.ReLU(), nn.Tanh()]); c[0] = nn.Linear(1, 1)",
    "ml_pop": "c = nn.ModuleList([nn.ReLU(), nn.Tanh()]); r = type(c.pop(0)).__name__",
    "ml_pop_default": "c = nn.ModuleList([nn.ReLU(), nn.Tanh()]); r = type(c.pop()).__name__",
    "ml_not_module": "c = nn.ModuleList([3])",
    "ml_append_bad": "c = nn.ModuleList(); c.append(3)",
    "ml_repeated": "m = nn.Linear(1, 1); c = nn.ModuleList([m, m, nn.ReLU(), nn.ReLU()])",
    "ml_same_repr": "c = nn.ModuleList([nn.Linear(2, 2) for _ in range(4)] + [nn.ReLU()])",
    "ml_len_iter": "c = nn.ModuleList([nn.ReLU(), nn.Tanh()]); r = [len(c), [type(m).__name__ for m in c]]",
    "ml_forward": "c = nn.ModuleList([nn.ReLU()]); c(lib.ones(1))",
    "ml_dir": "c = nn.ModuleList([nn.ReLU()]); r = [k for k in dir(c) if k.isdigit()]",
    # Sequential
    "seq_args": "c = nn.Sequential(nn.Linear(1, 2), nn.ReLU())",
    "seq_ordered": "c = nn.Sequential(collections.OrderedDict([('fc', nn.Linear(1, 2)), ('act', nn.ReLU())]))",
    "seq_ordered_call": "c = nn.Sequential(collections.OrderedDict([('fc', nn.Linear(1, 2)), ('act', nn.ReLU())])); r = list(c(lib.ones(1, 1)).shape)",
    "seq_dict": "c = nn.Sequential({'fc': nn.Linear(1, 2)})",
    "seq_index": "c = nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Tanh()); r = [type(c[0]).__name__, type(c[-1]).__name__]",
    "seq_slice": "c = nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Tanh())[1:]",
    "seq_slice_ordered": "c = nn.Sequential(collections.OrderedDict([('fc', nn.Linear(1, 2)), ('act', nn.ReLU())]))[1:]",
    "seq_index_error": "c = nn.Sequential(nn.ReLU()); c[3]",
    "seq_append": "c = nn.Sequential(nn.ReLU()); c.append(nn.Tanh())",
    "seq_extend": "c = nn.Sequential(nn.ReLU()); c.extend([nn.Tanh(), nn.ReLU()])",
    "seq_insert": "c = nn.Sequential(nn.ReLU(), nn.Tanh()); c.insert(1, nn.Linear(1, 1))",
    "seq_insert_bad": "c = nn.Sequential(nn.ReLU()); c.insert(1, 3)",
    "seq_insert_out": "c = nn.Sequential(nn.ReLU()); c.insert(5, nn.Tanh())",
    "seq_add": "c = nn.Sequential(nn.ReLU()) + nn.Sequential(nn.Tanh())",
    "seq_add_bad": "c = nn.Sequential(nn.ReLU()) + [nn.Tanh()]",
    "seq_iadd": "c = nn.Sequential(nn.ReLU()); c += nn.Sequential(nn.Tanh())",
    "seq_mul": "c = nn.Sequential(nn.ReLU(), nn.Tanh()) * 2",
    "seq_mul_bad": "c = nn.Sequential(nn.ReLU()) * 0",
    "seq_rmul": "c = 2 * nn.Sequential(nn.ReLU())",
    "seq_del": "c = nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Tanh()); del c[1]",
    "seq_del_slice": "c = nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Tanh()); del c[:2]",
    "seq_setitem": "c = nn.Sequential(nn.Linear(1, 2), nn.ReLU()); c[1] = nn.Tanh()",
    "seq_setitem_ordered": "c = nn.Sequential(collections.OrderedDict([('fc', nn.Linear(1, 2)), ('act', nn.ReLU())])); c[1] = nn.Tanh()",
    "seq_pop": "c = nn.Sequential(nn.Linear(1, 2), nn.ReLU()); r = type(c.pop(0)).__name__",
    "seq_len_iter": "c = nn.Sequential(nn.ReLU(), nn.Tanh()); r = [len(c), [type(m).__name__ for m in c]]",
    "seq_empty_call": "c = nn.Sequential(); r = c(lib.ones(1)).tolist()",
    "seq_not_module": "c = nn.Sequential(3)",
    "seq_bad_key": "c = nn.Sequential(collections.OrderedDict([(1, nn.ReLU())]))",
    "seq_nested": "c = nn.Sequential(nn.Sequential(nn.Linear(1, 2), nn.ReLU()), nn.ModuleList([nn.Linear(2, 1)]))",
    "seq_same_repr": "c = nn.Sequential(*[nn.Linear(2, 2) for _ in range(3)], nn.ReLU(), nn.ReLU())",
    "seq_dir": "c = nn.Sequential(nn.ReLU()); r = [k for k in dir(c) if k.isdigit()]",
    "seq_ordered_setattr": "c = nn.Sequential(collections.OrderedDict([('fc', nn.Linear(1, 2))])); c.out = nn.ReLU()",
    "seq_state_dict": "c = nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Linear(2, 1)); r = list(c.state_dict())",
}


def observe(lib, name):
    """Run one case: the container ``c`` it left (keys, repr, parameter names), ``r`` if it set one."""
    nn = lib.nn
    lib.manual_seed(0)

    def P(value):
        return nn.Parameter(lib.full((2,), float(value)))

    scope = {"lib": lib, "nn": nn, "P": P, "collections": collections}
    try:
        with lib.device("cpu"):  # the printed entries name their device off the CPU: CPU on every test device
            exec(CASES[name], scope)
    except Exception as error:  # noqa: BLE001 - the error is the record
        return {"error": [type(error).__name__, str(error).replace(lib.__name__ + ".", "torch.")]}
    seen = {}
    container = scope.get("c")
    if container is not None:
        seen["type"] = type(container).__name__
        seen["keys"] = [str(key) for key in container._modules] + [str(key) for key in container._parameters]
        seen["repr"] = repr(container).replace(lib.__name__ + ".", "torch.")
        seen["named_parameters"] = [key for key, _ in container.named_parameters()]
        seen["named_modules"] = [key for key, _ in container.named_modules()]
        if hasattr(container, "keys"):
            seen["iteration"] = [str(key) for key in container.keys()]
    if "r" in scope:
        seen["result"] = scope["r"]
    return seen


def record(torch):
    return {name: observe(torch, name) for name in CASES}
