import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';
import { AuditService } from './audit.service';
import { AuditController } from './audit.controller';
import { registerAuditSubscriber } from './audit.subscriber';

/** The audit trail: the subscriber that writes it and the routes that read it. */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry])],
  controllers: [AuditController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    registerAuditSubscriber(this.dataSource);
  }
}
