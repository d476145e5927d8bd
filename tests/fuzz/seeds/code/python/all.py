import os
from a.b import c as d
@dec
class A(B):
    def m(self, a, *args, b=1, **kw):
        if a and b or c:
            pass
        elif a:
            return [x for x in a if x]
        for i in a:
            pass
        else:
            pass
        try:
            assert a
        except E:
            pass
        else:
            pass
        with a as b:
            lambda x: x or 1
        match a:
            case 1: pass
