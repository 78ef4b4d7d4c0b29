"""The unit registry (单位名录): who exists, at which tier, under whom, and who acts for them.

People and roles: a unit's 填报人 (forge accounts that may prepare its filings) and its 签字人
(the leaders whose approval of a pull request is the unit's signature: name, position, forge
account; optionally an SSH public key for signed commits and a commit e-mail for reference).
A filer is not a signer unless listed as both.

A unit's name and parent can change; `变更` records from which year the current ones apply, so
earlier years are still judged against the name and parent they had then (`as_of`).
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from .base import LINE, Form, Name, Slug
from .rules import Tier

# A GitHub login (no "@"): what the reviews API reports as `user.login`.
Account = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"), LINE]
SSH_KEY_PATTERN = r"^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256) [A-Za-z0-9+/=]+( .*)?$"


class Signer(Form):
    """A leader whose approval of a pull request signs the unit's opinions."""

    name: Name = Field(alias="姓名", description="签字领导的姓名，与申报表“领导签字”一栏一致。")
    position: Name = Field(alias="职务", description="例如：主席、副主席、主任。")
    account: Account = Field(alias="账号", description="此人在 GitHub 上的用户名（不带 @），用它批准合并请求即为签字。")
    ssh_key: Annotated[str, StringConstraints(pattern=SSH_KEY_PATTERN), LINE] | None = Field(
        default=None,
        alias="签名公钥",
        description="可选：SSH 签名公钥。没有审核功能的平台上，用这把钥匙签名的提交也算签字。",
    )
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+$"), LINE] | None = Field(
        default=None, alias="邮箱", description="可选：提交时使用的电子邮箱，仅供查对；邮箱本身不算签字。"
    )


class UnitChange(Form):
    """From `起始年度` on, the unit's current name and parent apply; earlier years used these."""

    from_year: int = Field(
        alias="起始年度",
        ge=2000,
        le=2999,
        description="从这一年起使用现名称和现上级；此前各年度按下面的原名称、原上级核对。",
    )
    old_name: Name | None = Field(default=None, alias="原名称", description="此前使用的单位名称。")
    old_parent: Slug | None = Field(default=None, alias="原上级", description="此前所属上级的单位编号。")


class Unit(Form):
    id: Slug = Field(alias="编号", description="单位编号：小写英文字母、数字和短横线，用于文件夹名，定下后不要改。")
    name: Name = Field(alias="名称", description="单位全称，与公章一致。")
    tier: Tier = Field(alias="层级", description="工会领导机关 或 基层工会。")
    kind: Name | None = Field(
        default=None,
        alias="类型",
        description="例如：市总部门、区市县总工会、开放先导区工会、产业工会、乡镇街道工会、企业工会。",
    )
    parent: Slug | None = Field(
        default=None,
        alias="上级",
        description="基层工会填所属区市县总工会、开放先导区工会、产业工会或市总事业发展部的编号。",
    )
    filers: list[Account] = Field(
        default_factory=list,
        alias="填报人",
        description="可以为本单位填写、提交申报文件的 GitHub 用户名（不带 @）；填报人不是签字人。",
    )
    signers: list[Signer] = Field(
        default_factory=list, alias="签字人", description="代表本单位签字的领导：在合并请求上批准即为签字。"
    )
    changes: list[UnitChange] = Field(
        default_factory=list,
        alias="变更",
        description="单位改名或隶属关系变化时填写，写明从哪一年起生效，此前年度的申报仍按原名称、原上级核对。",
    )

    @model_validator(mode="after")
    def _parent_by_tier(self) -> Unit:
        if self.tier is Tier.GRASSROOTS and self.parent is None:
            raise ValueError("基层工会必须填写“上级”")
        if self.tier is Tier.ORGAN and self.parent is not None:
            raise ValueError("工会领导机关直接报市总工会“双创”考评领导小组办公室，不填“上级”")
        return self

    def as_of(self, year: int) -> Unit:
        """The unit as it was registered for `year`: earlier names and parents for earlier years."""
        name, parent = self.name, self.parent
        for change in sorted(self.changes, key=lambda c: c.from_year, reverse=True):
            if year < change.from_year:
                name, parent = change.old_name or name, change.old_parent or parent
        if (name, parent) == (self.name, self.parent):
            return self
        return self.model_copy(update={"name": name, "parent": parent})

    def signer(self, account: str) -> Signer | None:
        """The registered signer with this forge account (GitHub logins are case-insensitive)."""
        return next((s for s in self.signers if s.account.lower() == account.lower()), None)


class UnitRegistry(Form):
    office: Slug = Field(alias="考评办公室", description="市总工会“双创”考评领导小组办公室对应的单位编号。")
    maintainers: list[Account] = Field(
        alias="系统维护",
        min_length=1,
        description="维护本系统代码的 GitHub 用户名（不带 @）：代码、工作流和 Schema 的改动由其中一人批准。",
    )
    units: list[Unit] = Field(alias="单位", min_length=1)

    @cached_property
    def by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    def children(self, unit_id: str) -> list[Unit]:
        return [u for u in self.units if u.parent == unit_id]

    def as_of(self, unit_id: str, year: int | None) -> Unit | None:
        """A unit with the name and parent that applied in `year` (today's when year is None)."""
        if year is None:
            return self.by_id.get(unit_id)
        memo = self._as_of_memo  # the rules ask once per filing: ten thousand times a year
        if (unit_id, year) not in memo:
            unit = self.by_id.get(unit_id)
            memo[unit_id, year] = unit.as_of(year) if unit is not None else None
        return memo[unit_id, year]

    @cached_property
    def _as_of_memo(self) -> dict[tuple[str, int], Unit | None]:
        return {}
