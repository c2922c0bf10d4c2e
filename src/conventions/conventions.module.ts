import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Convention } from './convention.entity';
import { CommitteesModule } from '../committees/committees.module';
import { ConventionsController } from './conventions.controller';
import { ConventionsService } from './conventions.service';

/** Reading and deleting conventions; the definitions module creates and replaces them. */
@Module({
  imports: [TypeOrmModule.forFeature([Convention]), CommitteesModule],
  controllers: [ConventionsController],
  providers: [ConventionsService],
  exports: [ConventionsService],
})
export class ConventionsModule {}
