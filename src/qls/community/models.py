"""The community's models, one module per area (all under the ``community`` label)."""

from qls.community.celebrations import models as celebrations
from qls.community.elearning import models as elearning
from qls.community.forum import models as forum
from qls.community.glossary import models as glossary
from qls.community.resources import models as resources

__all__ = ["celebrations", "elearning", "forum", "glossary", "resources"]
