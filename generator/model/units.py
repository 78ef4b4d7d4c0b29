"""The unit registry (单位名录): who exists, at which tier, under whom, and who acts for them."""

from __future__ import annotations

from functools import cached_property

from pydantic import Field, model_validator

from .base import Form, Name, Slug, one_line
from .rules import Tier

GitHubAccount = one_line(pattern=r"^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9._-]{1,100})?$")


class Signer(Form):
    """A person who may sign the unit's opinions; their commits are recognised by e-mail."""

    name: Name = Field(alias="姓名")
    email: one_line(pattern=r"^[^@\s]+@[^@\s]+$") = Field(alias="邮箱", description="提交时使用的电子邮箱。")
    ssh_key: one_line(pattern=r"^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256) [A-Za-z0-9+/=]+") | None = Field(
        default=None, alias="签名公钥",
        description="可选：SSH 签名公钥。填写后，此人的提交必须带有这把钥匙的有效签名。")


class Unit(Form):
    id: Slug = Field(alias="编号", description="单位编号：小写英文字母、数字和短横线，用于文件夹名，定下后不要改。")
    name: Name = Field(alias="名称", description="单位全称，与公章一致。")
    tier: Tier = Field(alias="层级", description="工会领导机关 或 基层工会。")
    kind: Name | None = Field(default=None, alias="类型",
                              description="例如：市总部门、区市县总工会、开放先导区工会、产业工会、乡镇街道工会、企业工会。")
    parent: Slug | None = Field(default=None, alias="上级",
                                description="基层工会填所属区市县总工会、开放先导区工会、产业工会或市总事业发展部的编号。")
    reviewers: list[GitHubAccount] = Field(default_factory=list, alias="审核账号",
                                 description="代表本单位在 GitHub 上审核合并请求的账号或团队，例如 @dlftu/xigang。")
    signers: list[Signer] = Field(default_factory=list, alias="签字人")

    @model_validator(mode="after")
    def _parent_by_tier(self) -> Unit:
        if self.tier is Tier.GRASSROOTS and self.parent is None:
            raise ValueError("基层工会必须填写“上级”")
        if self.tier is Tier.ORGAN and self.parent is not None:
            raise ValueError("工会领导机关直接报市总工会“双创”考评领导小组办公室，不填“上级”")
        return self


class UnitRegistry(Form):
    office: Slug = Field(alias="考评办公室", description="市总工会“双创”考评领导小组办公室对应的单位编号。")
    maintainers: list[GitHubAccount] = Field(alias="系统维护", min_length=1,
                                   description="维护本系统代码的 GitHub 账号或团队。")
    units: list[Unit] = Field(alias="单位", min_length=1)

    @cached_property
    def by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    def children(self, unit_id: str) -> list[Unit]:
        return [u for u in self.units if u.parent == unit_id]
